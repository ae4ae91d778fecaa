using Plaudit.Server.Storage;

namespace Plaudit.Server.Tests.Storage;

public sealed class SqliteThreadingTests
{
    [Fact]
    public void The_library_runs_in_multi_thread_mode()
    {
        // False would mean a connection opened before the mode could be set, and SQLite stayed serialized.
        Assert.True(SqliteThreading.EnsureConfigured());
    }
}
