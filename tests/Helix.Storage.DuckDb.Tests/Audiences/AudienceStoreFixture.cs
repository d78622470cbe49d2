using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using Helix.Core.Audiences;
using Helix.Core.Collect;
using Helix.Core.Profiles.Facts;
using Helix.Core.Tags;
using Helix.Core.Workspaces;
using Helix.Testing;

namespace Helix.Storage.DuckDb.Tests.Audiences;

/// <summary>A store and a direct connection to its file; each test writes its persons into a workspace of its own.</summary>
public abstract class AudienceStoreFixture : IAsyncLifetime
{
    // 12:00 on 10 November 2026 in workspace time (UTC+8).
    protected static readonly DateTimeOffset Now = new(2026, 11, 10, 4, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new("helix-audiences");
    private DuckDBConnection _connection = null!;
    private int _workspaces;

    protected DuckDbStore Store { get; private set; } = null!;

    private string StorePath => _directory.File("helix.duckdb");

    public async Task InitializeAsync()
    {
        Store = await DuckDbStore.OpenAsync(StorePath, TimeProvider.System);
        _connection = new DuckDBConnection($"Data Source={StorePath}");
        await _connection.OpenAsync();
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await Store.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>Stores <paramref name="persons"/> in a new workspace and returns the audience's members, after checking they are the evaluator's.</summary>
    internal async Task<IReadOnlyList<string>> MembersAsync(string text, IReadOnlyList<WorldPerson> persons, ProfileDefinitions? definitions = null, DateTimeOffset? now = null, WorkspaceId? workspace = null)
    {
        var parsed = AudienceText.Parse(text);
        Assert.True(parsed.Condition is not null, parsed.Error?.ToString());
        return await MembersAsync(parsed.Condition, persons, definitions, now, workspace);
    }

    internal Task<IReadOnlyList<string>> MembersAsync(Condition condition, IReadOnlyList<WorldPerson> persons, ProfileDefinitions? definitions = null, DateTimeOffset? now = null, WorkspaceId? workspace = null) =>
        MembersAsync(Write(persons, workspace), condition, persons, definitions ?? ProfileDefinitions.Empty, now ?? Now);

    /// <summary>Writes <paramref name="persons"/> into <paramref name="workspace"/> (a new one when null).</summary>
    internal WorkspaceId Write(IReadOnlyList<WorldPerson> persons, WorkspaceId? workspace = null)
    {
        var ws = workspace ?? new WorkspaceId("ws" + Interlocked.Increment(ref _workspaces).ToString(CultureInfo.InvariantCulture));
        AudienceWorld.Store(_connection, ws, persons);
        return ws;
    }

    /// <summary>The audience's members in <paramref name="workspace"/>, after checking they are those the evaluator finds among <paramref name="persons"/>.</summary>
    internal async Task<IReadOnlyList<string>> MembersAsync(WorkspaceId workspace, Condition condition, IReadOnlyList<WorldPerson> persons, ProfileDefinitions definitions, DateTimeOffset now)
    {
        var members = (await Store.MembersAsync(workspace, condition, definitions, now)).Select(p => p.Value).ToList();

        var expected = AudienceWorld.Expected(persons, condition, definitions, now);
        Assert.True(expected.SequenceEqual(members),
            $"{AudienceText.Print(condition)}\nexpected [{string.Join(", ", expected)}] got [{string.Join(", ", members)}]\n{string.Join("\n", definitions.ComputedTraits)}");
        return members;
    }

    internal long Count(string table)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    internal static WorldPerson Person(string id, string traits = "{}", IReadOnlyList<CollectedMessage>? events = null,
        IReadOnlyDictionary<string, string?>? tags = null, IReadOnlySet<string>? segments = null) =>
        new(id, JsonElement.Parse(traits).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal),
            Now.AddDays(-30), Now.AddDays(-1), events?.Count ?? 0, events ?? [], tags ?? new Dictionary<string, string?>(), segments ?? new HashSet<string>());

    /// <summary>A track event <paramref name="daysAgo"/> before <see cref="Now"/>, received when it happened unless <paramref name="receivedDaysLater"/>.</summary>
    internal static CollectedMessage Event(string name, double daysAgo, string properties = "{}", double receivedDaysLater = 0) => new()
    {
        WorkspaceId = new WorkspaceId("ws"),
        SourceId = new SourceId("web"),
        MessageId = Guid.NewGuid().ToString(),
        Type = MessageType.Track,
        UserId = "u",
        Event = name,
        Timestamp = Now.AddDays(-daysAgo),
        ReceivedAt = Now.AddDays(-daysAgo + receivedDaysLater),
        Properties = JsonElement.Parse(properties),
    };
}
