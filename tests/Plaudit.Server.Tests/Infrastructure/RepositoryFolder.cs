namespace Plaudit.Server.Tests.Infrastructure;

/// <summary>The repository the tests run from: where scripts/test.sh installs the npm tools the tests start (s3rver, axe-core, puppeteer-core).</summary>
public static class RepositoryFolder
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Plaudit.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Plaudit.slnx not found above the test binaries.");
    }
}
