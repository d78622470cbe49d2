using System.Collections.Concurrent;
using System.Globalization;
using DuckDB.NET.Data;
using Helix.Core.Pipeline;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Helix.Storage.DuckDb;

/// <summary>
/// The embedded store: one DuckDB database file. Writes (pipeline commits, management changes) go
/// through one writer connection, one at a time; reads use pooled connections to the same database
/// instance and see only committed transactions (DuckDB's MVCC), so a reader never sees half a batch.
/// Every query on customer data filters on the workspace.
/// </summary>
public sealed partial class DuckDbStore : IWorkspaceStore, IPipelineStore, IProfileReader, IAsyncDisposable, IDisposable
{
    private readonly string _connectionString;
    private readonly DuckDBConnection _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentBag<DuckDBConnection> _readers = [];
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private bool _disposed;

    private DuckDbStore(string connectionString, DuckDBConnection writer, int schemaVersion, TimeProvider time, ILogger logger)
    {
        _connectionString = connectionString;
        _writer = writer;
        SchemaVersion = schemaVersion;
        _time = time;
        _logger = logger;
    }

    public int SchemaVersion { get; }

    /// <param name="path">A database file, or <c>:memory:</c> for a private in-memory database.</param>
    public static Task<DuckDbStore> OpenAsync(string path, TimeProvider timeProvider, ILogger<DuckDbStore>? logger = null, CancellationToken cancellationToken = default)
    {
        // DuckDB.NET shares one database instance between connections to the same file in a process;
        // an in-memory database needs a unique shared name for its readers to see it.
        var source = path == ":memory:" ? $":memory:helix-{Guid.NewGuid():N}" : path;
        var connectionString = $"Data Source={source}";
        var writer = new DuckDBConnection(connectionString);
        try
        {
            writer.Open();
            Execute(writer, "SET autoinstall_known_extensions = false; SET autoload_known_extensions = true");
            var version = Migrations.Apply(writer, timeProvider.GetUtcNow());
            var store = new DuckDbStore(connectionString, writer, version, timeProvider, (ILogger?)logger ?? NullLogger.Instance);
            store.LogOpened(path, version);
            return Task.FromResult(store);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    public async Task<long> CountEventsAsync(WorkspaceId workspace, CancellationToken cancellationToken = default) =>
        await ReadAsync(connection =>
        {
            using var command = Command(connection, "SELECT count(*) FROM events WHERE workspace_id = $ws", ("ws", workspace.Value));
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }, cancellationToken);

    public async Task<long> GetCheckpointAsync(CancellationToken cancellationToken = default) =>
        await ReadAsync(ReadCheckpoint, cancellationToken);

    /// <summary>The first log position not yet applied; inside a transaction, as of the data it reads.</summary>
    private static long ReadCheckpoint(DuckDBConnection connection)
    {
        using var command = Command(connection, "SELECT position FROM pipeline_checkpoint WHERE id = 1");
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        while (_readers.TryTake(out var reader))
        {
            reader.Dispose();
        }

        _writer.Dispose();
        _writeLock.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs a read on a pooled connection, off the caller's thread (DuckDB calls block).</summary>
    private Task<T> ReadAsync<T>(Func<DuckDBConnection, T> read, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Task.Run(() =>
        {
            if (!_readers.TryTake(out var connection))
            {
                connection = new DuckDBConnection(_connectionString);
                connection.Open();
            }

            try
            {
                return read(connection);
            }
            finally
            {
                _readers.Add(connection);
            }
        }, cancellationToken);
    }

    /// <summary>Runs a write on the single writer connection, one at a time.</summary>
    private async Task<T> WriteAsync<T>(Func<DuckDBConnection, T> write, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => write(_writer), CancellationToken.None);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    internal static DuckDBCommand Command(DuckDBConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        }

        return command;
    }

    internal static void Execute(DuckDBConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        command.ExecuteNonQuery();
    }

    /// <summary>Runs a query and maps every row it returns.</summary>
    internal static List<T> ReadRows<T>(DuckDBConnection connection, string sql, Func<System.Data.Common.DbDataReader, T> map,
        params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>DuckDB returns TIMESTAMPTZ as a DateTime in UTC with an unspecified kind.</summary>
    internal static DateTimeOffset Utc(object value) =>
        new(DateTime.SpecifyKind((DateTime)value, DateTimeKind.Utc));

    internal static DateTime ToDb(DateTimeOffset value) => value.UtcDateTime;
}
