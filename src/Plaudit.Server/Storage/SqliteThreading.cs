using SQLitePCL;

namespace Plaudit.Server.Storage;

/// <summary>
/// Puts the SQLite library in multi-thread mode with memory statistics off, once per process, before
/// the first connection opens. The bundled library defaults to serialized mode, where every API call
/// (each column of each row read) takes the connection's mutex, and every allocation a global one:
/// a profile of an uncached get_reviews page showed those locks at about 8% of the request's CPU.
/// Multi-thread mode is safe here because no connection is ever used by two threads at once: ADO.NET
/// connections and EF contexts are single-user, the leased plain connections are exclusive, and the
/// one shared connection (<see cref="SqliteChangeWatcher"/>) is used under a lock.
/// </summary>
public static class SqliteThreading
{
    private static readonly Lazy<bool> Configured = new(Configure);

    /// <summary>Whether multi-thread mode is on: false when a connection had already been opened in this process.</summary>
    public static bool EnsureConfigured() => Configured.Value;

    private static bool Configure()
    {
        Batteries_V2.Init();
        // Both fail with SQLITE_MISUSE once the library is initialized; it then simply stays serialized.
        return raw.sqlite3_config(raw.SQLITE_CONFIG_MULTITHREAD) == raw.SQLITE_OK
            & raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0) == raw.SQLITE_OK;
    }
}
