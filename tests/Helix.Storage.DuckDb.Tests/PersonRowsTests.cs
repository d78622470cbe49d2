using DuckDB.NET.Data;
using Helix.Core.Profiles;
using Helix.Testing;
using static Helix.Storage.DuckDb.Tests.StoreFixtures;

namespace Helix.Storage.DuckDb.Tests;

/// <summary>Erasure and subject access reach every table that holds a person's rows: a new table cannot slip past both.</summary>
public sealed class PersonRowsTests : IDisposable
{
    /// <summary>Tables with a person column that are not the person's data, and why.</summary>
    private static readonly Dictionary<string, string> NotPersonalRows = new(StringComparer.Ordinal)
    {
        ["erasures"] = "the erasure receipt itself: the controller's proof of deletion, naming only the internal person id",
    };

    private readonly TempDirectory _directory = new("helix-person-rows");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task EveryTableWithAPersonColumn_IsInPersonRows()
    {
        var path = _directory.File("helix.duckdb");
        await (await DuckDbStore.OpenAsync(path, TimeProvider.System)).DisposeAsync();
        using var connection = new DuckDBConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT table_name FROM information_schema.columns WHERE column_name IN ('person_id', 'left_person', 'right_person') ORDER BY 1";
        var tables = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.NotEmpty(tables);
        Assert.Equal(
            tables.Where(t => !NotPersonalRows.ContainsKey(t)).Order(StringComparer.Ordinal),
            DuckDbStore.PersonRows.Select(r => r.Table).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SubjectAccess_ReadsTheRowsErasureWouldDelete()
    {
        await using var store = await DuckDbStore.OpenAsync(_directory.File("helix.duckdb"), TimeProvider.System);
        await store.CommitAsync(new Helix.Core.Pipeline.PipelineCommit(2, [], [Event(0, "p1", "m0"), Event(1, "p2", "m1", userId: "v")], [Person("p1", "u"), Person("p2", "v")]));

        var rows = await store.PersonRowsAsync(Workspace, new PersonId("p1"));

        Assert.Equal(DuckDbStore.PersonRows.Select(r => r.Table).Append("tag_list_members").Order(StringComparer.Ordinal), rows.Keys);
        Assert.Equal("m0", Assert.Single(rows["events"]).GetProperty("message_id").GetString());
        Assert.Equal("u", Assert.Single(rows["identities"]).GetProperty("value").GetString());
        Assert.Equal("p1", Assert.Single(rows["persons"]).GetProperty("person_id").GetString());
        Assert.Empty((await store.PersonRowsAsync(new("other"), new PersonId("p1")))["events"]);
    }
}
