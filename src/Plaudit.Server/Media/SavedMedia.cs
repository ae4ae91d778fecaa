using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Plaudit.Server.Media;

public sealed record SavedMedia(SaveOutcome Outcome, string? ContentType = null, long Size = 0);
