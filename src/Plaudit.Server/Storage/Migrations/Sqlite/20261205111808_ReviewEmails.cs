using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Plaudit.Server.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReviewEmails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "scheduled_at",
                table: "orders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "email_settings",
                columns: table => new
                {
                    shop_id = table.Column<long>(type: "INTEGER", nullable: false),
                    enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    days_after_order = table.Column<int>(type: "INTEGER", nullable: false),
                    reminder_days = table.Column<int>(type: "INTEGER", nullable: false),
                    window_start_minute = table.Column<int>(type: "INTEGER", nullable: false),
                    window_end_minute = table.Column<int>(type: "INTEGER", nullable: false),
                    time_zone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    sender_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    reply_to = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    accent_color = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    html_template = table.Column<string>(type: "TEXT", nullable: false),
                    text_template = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_email_settings", x => x.shop_id);
                    table.ForeignKey(
                        name: "fk_email_settings_shops_shop_id",
                        column: x => x.shop_id,
                        principalTable: "shops",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "order_reviews",
                columns: table => new
                {
                    order_row_id = table.Column<long>(type: "INTEGER", nullable: false),
                    product_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    review_id = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_order_reviews", x => new { x.order_row_id, x.product_id });
                    table.ForeignKey(
                        name: "fk_order_reviews_orders_order_row_id",
                        column: x => x.order_row_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_order_reviews_reviews_review_id",
                        column: x => x.review_id,
                        principalTable: "reviews",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "review_emails",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    shop_id = table.Column<long>(type: "INTEGER", nullable: false),
                    order_row_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    due_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    lease_owner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    lease_expires_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    claims = table.Column<int>(type: "INTEGER", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    message_id = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    sent_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_review_emails", x => x.id);
                    table.ForeignKey(
                        name: "fk_review_emails_orders_order_row_id",
                        column: x => x.order_row_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_order_reviews_review_id",
                table: "order_reviews",
                column: "review_id");

            migrationBuilder.CreateIndex(
                name: "ix_review_emails_order_row_id_kind",
                table: "review_emails",
                columns: new[] { "order_row_id", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_review_emails_shop_id_status",
                table: "review_emails",
                columns: new[] { "shop_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_review_emails_status_due_at",
                table: "review_emails",
                columns: new[] { "status", "due_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "email_settings");

            migrationBuilder.DropTable(
                name: "order_reviews");

            migrationBuilder.DropTable(
                name: "review_emails");

            migrationBuilder.DropColumn(
                name: "scheduled_at",
                table: "orders");
        }
    }
}
