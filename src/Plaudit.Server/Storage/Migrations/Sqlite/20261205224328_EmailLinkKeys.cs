using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Plaudit.Server.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EmailLinkKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "email_link_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    protected_secret = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_email_link_keys", x => x.id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "email_link_keys");
        }
    }
}
