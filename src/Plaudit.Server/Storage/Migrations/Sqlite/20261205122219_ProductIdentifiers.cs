using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Plaudit.Server.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProductIdentifiers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "brand",
                table: "products",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "gtin",
                table: "products",
                type: "TEXT",
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "mpn",
                table: "products",
                type: "TEXT",
                maxLength: 70,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "sku",
                table: "products",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "brand",
                table: "products");

            migrationBuilder.DropColumn(
                name: "gtin",
                table: "products");

            migrationBuilder.DropColumn(
                name: "mpn",
                table: "products");

            migrationBuilder.DropColumn(
                name: "sku",
                table: "products");
        }
    }
}
