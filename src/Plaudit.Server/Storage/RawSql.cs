using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Plaudit.Server.Storage;

/// <summary>
/// Runs a hand-written statement on the context's connection and transaction, for the few hot
/// multi-row writes that EF's change tracking would make slow. Values travel as parameters
/// <c>@p0</c>, <c>@p1</c>, ... in the order given. Outside a transaction the context's connection is
/// opened for the statement and given back to the pool right after it: left open until the context
/// was disposed, a signed write held a PostgreSQL connection for its whole request (its replay check
/// runs first), and two nodes whose writers stalled at start-up ran out of their 100.
/// </summary>
public static class RawSql
{
    public static async Task<int> ExecuteAsync(PlauditDbContext db, string sql, IReadOnlyList<object?> values, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = Create(db, sql, values);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public static async Task<List<T>> QueryAsync<T>(PlauditDbContext db, string sql, IReadOnlyList<object?> values, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = Create(db, sql, values);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(read(reader));
            }
            return rows;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Multi-row INSERTs for PostgreSQL, where each statement is a round trip: <paramref name="rows"/>
    /// (values in <paramref name="columns"/>' order) go in chunks of one statement each.
    /// </summary>
    public static async Task InsertRowsAsync(
        PlauditDbContext db, string table, string columns, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        foreach (var (sql, values) in InsertChunks(table, columns, rows, returning: null))
        {
            await ExecuteAsync(db, sql, values, cancellationToken);
        }
    }

    /// <summary>As <see cref="InsertRowsAsync"/>, reading back what each chunk's <c>RETURNING</c> gives.</summary>
    public static async Task<List<T>> InsertRowsAsync<T>(
        PlauditDbContext db, string table, string columns, IReadOnlyList<object?[]> rows, string returning, Func<DbDataReader, T> read,
        CancellationToken cancellationToken)
    {
        var returned = new List<T>(rows.Count);
        foreach (var (sql, values) in InsertChunks(table, columns, rows, returning))
        {
            returned.AddRange(await QueryAsync(db, sql, values, read, cancellationToken));
        }
        return returned;
    }

    private static IEnumerable<(string Sql, List<object?> Values)> InsertChunks(string table, string columns, IReadOnlyList<object?[]> rows, string? returning)
    {
        if (rows.Count == 0)
        {
            yield break;
        }
        // Well under PostgreSQL's 65,535 parameters a statement.
        var perChunk = Math.Max(1, Math.Min(500, 30_000 / rows[0].Length));
        foreach (var chunk in rows.Chunk(perChunk))
        {
            var values = new List<object?>(chunk.Length * chunk[0].Length);
            var sql = new StringBuilder($"INSERT INTO {table} ({columns}) VALUES ");
            foreach (var row in chunk)
            {
                sql.Append(values.Count == 0 ? "(" : ", (");
                for (var i = 0; i < row.Length; i++)
                {
                    sql.Append(i == 0 ? "@p" : ", @p").Append(values.Count + i);
                }
                sql.Append(')');
                values.AddRange(row);
            }
            if (returning is not null)
            {
                sql.Append(" RETURNING ").Append(returning);
            }
            yield return (sql.ToString(), values);
        }
    }

    /// <summary>
    /// One statement compiled once and run for many rows: on SQLite, with no round trips to save,
    /// this beats a multi-row statement, which SQLite would have to parse anew for every batch.
    /// </summary>
    public static Repeated Prepare(PlauditDbContext db, string sql, int parameterCount)
    {
        var command = Create(db, sql, new object?[parameterCount]);
        command.Prepare();
        return new Repeated(command);
    }

    public sealed class Repeated(DbCommand command) : IAsyncDisposable
    {
        public async Task<int> ExecuteAsync(object?[] values, CancellationToken cancellationToken)
        {
            Bind(values);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }

        public async Task<object?> ScalarAsync(object?[] values, CancellationToken cancellationToken)
        {
            Bind(values);
            return await command.ExecuteScalarAsync(cancellationToken);
        }

        private void Bind(object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }

    /// <summary>
    /// Ids written into the statement as a literal list (<c>1,2,3</c>): numbers cannot inject, and a
    /// varying number of parameters would only make each batch's statement different anyway.
    /// </summary>
    public static string IdList(IEnumerable<long> ids) => string.Join(',', ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));

    private static DbCommand Create(PlauditDbContext db, string sql, IReadOnlyList<object?> values)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
#pragma warning disable CA2100 // Callers build the SQL from constants and parameter placeholders only; values travel as parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        for (var i = 0; i < values.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
            parameter.Value = values[i] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
