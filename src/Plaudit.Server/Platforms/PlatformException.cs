using System.Text;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Plaudit.Server.Outbox;
using Plaudit.Server.Storage;
using Plaudit.Server.Webhooks.Delivery;
using Plaudit.Server.Webhooks.Subscriptions;
using static OpenIddict.Abstractions.OpenIddictConstants;
using Scopes = Plaudit.Server.Platforms.Scopes;

namespace Plaudit.Server.Platforms;

public sealed class PlatformException(string message) : Exception(message);
