using Helix.Engine.Privacy;
using Helix.Storage.DuckDb;

namespace Helix.Cli.Tests;

/// <summary>A data directory's store opened as the CLI and the server open it: with its keys, so personal data reads opened.</summary>
internal sealed class OpenedStore : IAsyncDisposable
{
    private readonly PersonDataKeys _keys;

    private OpenedStore(DuckDbStore store, PersonDataKeys keys)
    {
        Store = store;
        _keys = keys;
    }

    public DuckDbStore Store { get; }

    public static async Task<OpenedStore> OpenAsync(string dataDirectory)
    {
        var keys = PersonDataKeys.Open(dataDirectory);
        var store = await DuckDbStore.OpenAsync(Path.Combine(dataDirectory, "helix.duckdb"), TimeProvider.System);
        store.UsePii(keys.Vault);
        return new OpenedStore(store, keys);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await _keys.DisposeAsync();
    }
}
