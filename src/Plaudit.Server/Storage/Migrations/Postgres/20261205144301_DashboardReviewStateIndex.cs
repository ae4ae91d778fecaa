using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Plaudit.Server.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DashboardReviewStateIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_reviews_shop_id_is_published_created_at_id_is_verified_has_",
                table: "reviews",
                columns: new[] { "shop_id", "is_published", "created_at", "id", "is_verified", "has_media" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_reviews_shop_id_is_published_created_at_id_is_verified_has_",
                table: "reviews");
        }
    }
}
