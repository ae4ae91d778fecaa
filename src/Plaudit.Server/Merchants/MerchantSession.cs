using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Plaudit.Server.Hosting;

namespace Plaudit.Server.Merchants;

public sealed record MerchantSession(long MerchantId, long ShopId, string Email);
