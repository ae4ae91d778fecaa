using Microsoft.Playwright;

namespace Plaudit.Server.Tests.Infrastructure;

/// <summary>
/// What the browser tests keep and share: screenshots beside the test results (PLAUDIT_TEST_ARTIFACTS,
/// which scripts/test.sh sets, else an artifacts folder beside the test binaries), and a small image
/// to answer for photo hosts the tests make up.
/// </summary>
public static class TestArtifacts
{
    public static readonly string Directory = Environment.GetEnvironmentVariable("PLAUDIT_TEST_ARTIFACTS") is { Length: > 0 } dir
        ? dir
        : Path.Combine(AppContext.BaseDirectory, "artifacts");

    /// <summary>An 8x8 orange PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR4nGM4UaGBFTEMLQkAUtVaAV8W4QQAAAAASUVORK5CYII=");

    /// <summary>A full-page screenshot kept under <paramref name="name"/>, checked to be an image.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 1000, $"{path} is not a screenshot");
    }
}
