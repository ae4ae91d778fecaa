using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Plaudit.Server.Storage;

namespace Plaudit.Server.Webhooks.Delivery;

/// <summary>
/// Writes a batch of attempt results in a few multi-row statements (one UPDATE of the deliveries,
/// one INSERT of the attempts per chunk): the engine's hottest write, kept out of change tracking.
/// </summary>
public static class AttemptLogSql
{
    private const int Chunk = 200;

    public static async Task WriteAsync(PlauditDbContext db, IReadOnlyList<AttemptResult> results, CancellationToken cancellationToken)
    {
        var postgres = db.Database.IsNpgsql();
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var chunk in results.Chunk(Chunk))
        {
            await ExecuteAsync(connection, transaction, UpdateDeliveries(chunk, postgres), cancellationToken);
            await ExecuteAsync(connection, transaction, InsertAttempts(chunk, postgres), cancellationToken);
        }
    }

    private static (string Sql, List<object?> Values) UpdateDeliveries(AttemptResult[] chunk, bool postgres)
    {
        var values = new List<object?>();
        var rows = new StringBuilder();
        foreach (var r in chunk)
        {
            var p = values.Count;
            values.AddRange([r.Attempt.Work.DeliveryId, r.Status, r.Number, r.NextAttemptAt, r.CompletedAt, r.Error]);
            rows.Append(rows.Length == 0 ? "" : ", ").Append(postgres
                ? $"(@p{p}::bigint, @p{p + 1}::text, @p{p + 2}::int, @p{p + 3}::timestamptz, @p{p + 4}::timestamptz, @p{p + 5}::text)"
                : $"(@p{p}, @p{p + 1}, @p{p + 2}, @p{p + 3}, @p{p + 4}, @p{p + 5})");
        }
        var sql = postgres
            ? $"""
               UPDATE webhook_deliveries AS d SET status = v.status, attempt_count = v.attempt_count, next_attempt_at = v.next_attempt_at,
                   completed_at = v.completed_at, last_error = v.last_error, lease_owner = NULL, lease_expires_at = NULL
               FROM (VALUES {rows}) AS v(id, status, attempt_count, next_attempt_at, completed_at, last_error)
               WHERE d.id = v.id
               """
            : $"""
               WITH v(id, status, attempt_count, next_attempt_at, completed_at, last_error) AS (VALUES {rows})
               UPDATE webhook_deliveries SET status = v.status, attempt_count = v.attempt_count, next_attempt_at = v.next_attempt_at,
                   completed_at = v.completed_at, last_error = v.last_error, lease_owner = NULL, lease_expires_at = NULL
               FROM v WHERE webhook_deliveries.id = v.id
               """;
        return (sql, values);
    }

    private static (string Sql, List<object?> Values) InsertAttempts(AttemptResult[] chunk, bool postgres)
    {
        var values = new List<object?>();
        var rows = new StringBuilder();
        foreach (var r in chunk)
        {
            var outcome = r.Attempt.Outcome;
            var p = values.Count;
            values.AddRange([r.Attempt.Work.DeliveryId, r.Number, r.Attempt.FinishedAt.AddMilliseconds(-outcome.DurationMs),
                outcome.DurationMs, outcome.StatusCode, r.ResponseBody, r.Error, outcome.Succeeded]);
            rows.Append(rows.Length == 0 ? "" : ", ").Append(postgres
                ? $"(@p{p}, @p{p + 1}, @p{p + 2}, @p{p + 3}, @p{p + 4}::int, @p{p + 5}::text, @p{p + 6}::text, @p{p + 7})"
                : $"(@p{p}, @p{p + 1}, @p{p + 2}, @p{p + 3}, @p{p + 4}, @p{p + 5}, @p{p + 6}, @p{p + 7})");
        }
        var sql = $"""
            INSERT INTO webhook_delivery_attempts (delivery_id, number, started_at, duration_ms, status_code, response_body, error, succeeded)
            VALUES {rows}
            """;
        return (sql, values);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, (string Sql, List<object?> Values) statement, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // The SQL is built from constants and parameter placeholders only; values travel as parameters.
        command.CommandText = statement.Sql;
#pragma warning restore CA2100
        for (var i = 0; i < statement.Values.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            parameter.Value = statement.Values[i] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
