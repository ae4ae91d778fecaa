using System.Reflection;
using System.Security.Cryptography;

namespace Plaudit.Server.Dashboard;

/// <summary>
/// The dashboard's stylesheet and script, embedded in the assembly and served under a name that
/// carries a hash of their content, so browsers cache them for a year and a new build is a new URL.
/// </summary>
public sealed class DashboardAssets
{
    public DashboardAssets()
    {
        Stylesheet = Load("dashboard.css", "text/css; charset=utf-8");
        Script = Load("dashboard.js", "text/javascript; charset=utf-8");
    }

    public Asset Stylesheet { get; }

    public Asset Script { get; }

    public string StylesheetPath => Stylesheet.Path;

    public string ScriptPath => Script.Path;

    public Asset? Find(string fileName) =>
        fileName == Stylesheet.FileName ? Stylesheet : fileName == Script.FileName ? Script : null;

    private static Asset Load(string name, string contentType)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Plaudit.Server.Dashboard.Assets." + name)
            ?? throw new InvalidOperationException($"The dashboard asset {name} is not embedded.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];
        var fileName = $"{System.IO.Path.GetFileNameWithoutExtension(name)}.{hash}{System.IO.Path.GetExtension(name)}";
        return new Asset(fileName, $"{DashboardPaths.Assets}/{fileName}", bytes, contentType);
    }

    public sealed record Asset(string FileName, string Path, byte[] Bytes, string ContentType);
}
