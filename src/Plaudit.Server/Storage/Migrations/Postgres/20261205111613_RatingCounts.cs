using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Plaudit.Server.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RatingCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "rating_counts",
                columns: table => new
                {
                    shop_id = table.Column<long>(type: "bigint", nullable: false),
                    product_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    star1 = table.Column<int>(type: "integer", nullable: false),
                    star2 = table.Column<int>(type: "integer", nullable: false),
                    star3 = table.Column<int>(type: "integer", nullable: false),
                    star4 = table.Column<int>(type: "integer", nullable: false),
                    star5 = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rating_counts", x => new { x.shop_id, x.product_id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_reviews_shop_id_is_top_commented_at_id",
                table: "reviews",
                columns: new[] { "shop_id", "is_top", "commented_at", "id" },
                filter: "is_published");

            migrationBuilder.CreateIndex(
                name: "ix_reviews_shop_id_product_id_is_top_commented_at_id",
                table: "reviews",
                columns: new[] { "shop_id", "product_id", "is_top", "commented_at", "id" },
                filter: "is_published");

            // Counts for the reviews already stored: one row per shop (product_id '') and per product.
            migrationBuilder.Sql("""
                INSERT INTO rating_counts (shop_id, product_id, star1, star2, star3, star4, star5)
                SELECT shop_id, '', SUM(CASE WHEN rating = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN rating = 2 THEN 1 ELSE 0 END),
                    SUM(CASE WHEN rating = 3 THEN 1 ELSE 0 END), SUM(CASE WHEN rating = 4 THEN 1 ELSE 0 END), SUM(CASE WHEN rating = 5 THEN 1 ELSE 0 END)
                FROM reviews WHERE is_published AND rating BETWEEN 1 AND 5 GROUP BY shop_id;
                INSERT INTO rating_counts (shop_id, product_id, star1, star2, star3, star4, star5)
                SELECT shop_id, product_id, SUM(CASE WHEN rating = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN rating = 2 THEN 1 ELSE 0 END),
                    SUM(CASE WHEN rating = 3 THEN 1 ELSE 0 END), SUM(CASE WHEN rating = 4 THEN 1 ELSE 0 END), SUM(CASE WHEN rating = 5 THEN 1 ELSE 0 END)
                FROM reviews WHERE is_published AND rating BETWEEN 1 AND 5 AND product_id IS NOT NULL AND product_id <> '' GROUP BY shop_id, product_id;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "rating_counts");

            migrationBuilder.DropIndex(
                name: "ix_reviews_shop_id_is_top_commented_at_id",
                table: "reviews");

            migrationBuilder.DropIndex(
                name: "ix_reviews_shop_id_product_id_is_top_commented_at_id",
                table: "reviews");
        }
    }
}
