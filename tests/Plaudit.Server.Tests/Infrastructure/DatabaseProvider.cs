namespace Plaudit.Server.Tests.Infrastructure;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Theory data: every integration test runs once per database provider.</summary>
public sealed class BothProviders : TheoryData<DatabaseProvider>
{
    public BothProviders()
    {
        Add(DatabaseProvider.Sqlite);
        Add(DatabaseProvider.Postgres);
    }
}
