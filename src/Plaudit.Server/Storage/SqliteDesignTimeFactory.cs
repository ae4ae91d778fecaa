using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Plaudit.Server.Storage;

// Used only by `dotnet ef migrations add`; the connection strings are never opened.
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePlauditDbContext>
{
    public SqlitePlauditDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqlitePlauditDbContext>();
        StorageServices.ConfigureSqlite(options, "Data Source=design.db");
        return new SqlitePlauditDbContext(options.Options);
    }
}
