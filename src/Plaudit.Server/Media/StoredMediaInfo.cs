using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Plaudit.Server.Media;

/// <summary>What the local store keeps beside each file.</summary>
public sealed record StoredMediaInfo(string ContentType, long Size, long ShopId, DateTimeOffset StoredAt);
