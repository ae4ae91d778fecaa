using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Plaudit.Server.Storage;

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresPlauditDbContext>
{
    public PostgresPlauditDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresPlauditDbContext>();
        StorageServices.ConfigurePostgres(options, "Host=localhost;Database=design");
        return new PostgresPlauditDbContext(options.Options);
    }
}
