using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Plaudit.Server.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MerchantSessionVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "session_version",
                table: "merchants",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "session_version",
                table: "merchants");
        }
    }
}
