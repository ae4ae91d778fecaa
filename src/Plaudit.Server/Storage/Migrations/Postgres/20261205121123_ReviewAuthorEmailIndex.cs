using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Plaudit.Server.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReviewAuthorEmailIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_reviews_shop_id_author_email_created_at",
                table: "reviews",
                columns: new[] { "shop_id", "author_email", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_reviews_shop_id_author_email_created_at",
                table: "reviews");
        }
    }
}
