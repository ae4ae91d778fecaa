using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Plaudit.Server.Storage.Migrations.Postgres
{
    /// <summary>
    /// Signatures of accepted writes, shared by every node (see PostgresUsedSignatures). Not part of the
    /// EF model: only hand-written SQL touches it, and SQLite keeps the same memory in the process.
    /// </summary>
    [DbContext(typeof(PostgresPlauditDbContext))]
    [Migration("20261205090000_UsedRequestSignatures")]
    public partial class UsedRequestSignatures : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("CREATE TABLE used_request_signatures (signature bytea PRIMARY KEY, expires_at bigint NOT NULL)");

        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("DROP TABLE used_request_signatures");
    }
}
