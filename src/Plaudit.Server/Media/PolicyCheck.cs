using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Plaudit.Server.Media;

public enum PolicyCheck
{
    Valid,
    BadSignature,
    Expired,
}
