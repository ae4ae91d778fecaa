using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Plaudit.Server.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SqliteDispatchCursor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_events_dispatched_at_id",
                table: "outbox_events");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_events_occurred_at",
                table: "outbox_events",
                column: "occurred_at");

            // One row: the id of the last outbox event dispatched (see OutboxProgress). Ids commit in
            // order on SQLite, so it starts just before the first event not yet dispatched.
            migrationBuilder.Sql("""
                CREATE TABLE outbox_dispatch_cursor (
                    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
                    last_event_id INTEGER NOT NULL);
                """);
            migrationBuilder.Sql("""
                INSERT INTO outbox_dispatch_cursor (id, last_event_id)
                VALUES (1, COALESCE(
                    (SELECT MIN(id) - 1 FROM outbox_events WHERE dispatched_at IS NULL),
                    (SELECT MAX(id) FROM outbox_events),
                    0));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Events the cursor has passed count as dispatched again once they carry dispatched_at.
            migrationBuilder.Sql("""
                UPDATE outbox_events SET dispatched_at = occurred_at
                WHERE dispatched_at IS NULL AND id <= (SELECT last_event_id FROM outbox_dispatch_cursor);
                """);
            migrationBuilder.Sql("DROP TABLE outbox_dispatch_cursor;");

            migrationBuilder.DropIndex(
                name: "ix_outbox_events_occurred_at",
                table: "outbox_events");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_events_dispatched_at_id",
                table: "outbox_events",
                columns: new[] { "dispatched_at", "id" });
        }
    }
}
