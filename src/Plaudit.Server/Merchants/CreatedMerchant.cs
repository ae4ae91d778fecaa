using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Merchants;

/// <summary>What <c>merchants create</c> prints: the link is shown only here.</summary>
public sealed record CreatedMerchant(long MerchantId, long ShopId, string Email, bool HasPassword, string SignInLink, DateTime SignInLinkExpiresAt);
