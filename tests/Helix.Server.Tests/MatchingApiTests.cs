using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Helix.Core.Identity;
using Helix.Core.Identity.Matching.Persons;
using Helix.Core.Pipeline;
using Helix.Core.Profiles;
using Helix.Core.Workspaces;
using Helix.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Helix.Server.Tests;

/// <summary>
/// Probabilistic matching through the real server: FEBRL dataset 1 (500 people, 500 corrupted duplicates)
/// sent as identify events with no identifier in common, matched by their traits, the sure pairs merged
/// through merge operations, the doubtful ones worked through the review queue.
/// </summary>
public sealed class MatchingApiTests : IAsyncLifetime
{
    private static readonly string FebrlDirectory = Path.Combine(HelixProcess.RepositoryRoot(), "tests", "data", "febrl");
    private HelixTestServer _server = null!;

    public async Task InitializeAsync() => _server = await HelixTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>Each record as an identify event: its id as the anonymous id, its columns as traits.</summary>
    private async Task<List<string>> SendFebrlAsync()
    {
        var lines = File.ReadAllLines(Path.Combine(FebrlDirectory, "dataset1.csv"));
        var header = lines[0].Split(',').Select(c => c.Trim()).ToArray();
        var ids = new List<string>();
        foreach (var chunk in lines.Skip(1).Chunk(100))
        {
            var batch = new JsonArray();
            foreach (var line in chunk)
            {
                var values = line.Split(',').Select(v => v.Trim()).ToArray();
                var traits = new JsonObject();
                for (var c = 1; c < header.Length; c++)
                {
                    if (values[c].Length > 0)
                    {
                        traits[header[c]] = values[c];
                    }
                }

                ids.Add(values[0]);
                batch.Add(new JsonObject { ["type"] = "identify", ["anonymousId"] = values[0], ["traits"] = traits, ["timestamp"] = "2026-11-01T00:00:00Z" });
            }

            (await _server.Collect.PostJsonAsync("/v1/batch", new JsonObject { ["batch"] = batch }.ToJsonString())).EnsureSuccessStatusCode();
        }

        await _server.FlushAsync();
        return ids;
    }

    private static string Entity(string recordId) => recordId.Split('-')[1];

    private async Task<string> PersonOfAsync(string anonymousId)
    {
        using var response = await _server.Admin.GetAsync($"/api/v1/profiles/lookup?type=anonymous_id&value={anonymousId}");
        response.EnsureSuccessStatusCode();
        return (await response.ReadJsonAsync()).GetProperty("personId").GetString()!;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string json)
    {
        using var response = await _server.Admin.PostJsonAsync(path, json);
        return (response.StatusCode, await response.ReadJsonAsync());
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await _server.Admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task MatchingRun_MergesTheSurePairs_QueuesTheDoubtful_AndTheQueueIsWorked()
    {
        var ids = await SendFebrlAsync();
        // The measured FEBRL configuration, with the merge threshold raised from 10 to 50 bits so that the
        // weakest true pairs (22 to 50 bits on this set) go to the review queue instead.
        var spec = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(FebrlDirectory, "person-match-spec.json")))!;
        spec["autoMerge"] = 50;
        var specJson = spec.ToJsonString();

        var (status, run) = await PostAsync("/api/v1/identity/matching/runs", specJson);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(1_000, run.GetProperty("persons").GetInt32());
        var applied = run.GetProperty("autoMergeApplied").GetInt32();
        Assert.Equal(run.GetProperty("autoMergeSubmitted").GetInt32(), applied + run.GetProperty("autoMergeRejected").GetInt32());
        Assert.True(run.GetProperty("model").GetProperty("converged").GetBoolean());
        // The figures docs/identity.md quotes: the 8 true pairs scoring 22 to 48 bits go to review.
        Assert.Equal((491, 8), (applied, run.GetProperty("queuedForReview").GetInt32()));

        // The persons now, pair by pair against the truth: records of one entity should share a person.
        var stored = await _server.App.Services.GetRequiredService<IPipelineStore>().LoadAsync(TimeSpan.FromDays(1));
        var persons = stored.Persons.SelectMany(p => p.Identifiers.Select(i => (i.Identifier.Value, p.Id.Value))).ToDictionary();

        var (truePairs, predicted, correct) = (0, 0, 0);
        foreach (var group in ids.GroupBy(Entity))
        {
            truePairs += group.Count() * (group.Count() - 1) / 2;
        }

        foreach (var group in ids.GroupBy(id => persons[id]))
        {
            var members = group.ToList();
            for (var i = 0; i < members.Count; i++)
            {
                for (var j = i + 1; j < members.Count; j++)
                {
                    predicted++;
                    correct += Entity(members[i]) == Entity(members[j]) ? 1 : 0;
                }
            }
        }

        var (precision, recall) = ((double)correct / predicted, (double)correct / truePairs);
        Assert.True(precision >= 0.99 && recall >= 0.97, $"precision {precision:F4}, recall {recall:F4}, {applied} merges");

        // A merged person explains itself: the link was asserted by the operation, not by a shared identifier.
        var mergeId = run.GetProperty("mergeOperations")[0].GetString();
        var merge = await GetAsync($"/api/v1/identity/operations/{mergeId}");
        Assert.Equal(("merge", "applied"), (merge.GetProperty("kind").GetString(), merge.GetProperty("status").GetString()));
        var merged = merge.GetProperty("after")[0].GetProperty("personId").GetString();
        var graph = await GetAsync($"/api/v1/profiles/{merged}/identity-graph");
        Assert.Contains(graph.GetProperty("links").EnumerateArray(), l => l.GetProperty("kind").GetString() == "asserted" && l.GetProperty("messageId").GetString() == mergeId);

        // The review queue: accept one pair, reject another.
        var open = (await GetAsync("/api/v1/identity/matching/reviews?status=open")).EnumerateArray().ToList();
        Assert.Equal(run.GetProperty("queuedForReview").GetInt32(), open.Count);
        Assert.True(open.Count >= 2, $"{open.Count} pairs queued for review");
        Assert.All(open, r => Assert.Equal(9, r.GetProperty("evidence").GetArrayLength()));
        var (accept, reject) = (open[0], open[1]);
        var (acceptStatus, accepted) = await PostAsync($"/api/v1/identity/matching/reviews/{accept.GetProperty("reviewId").GetString()}/accept", """{"reason":"same person on the phone"}""");
        Assert.Equal(HttpStatusCode.OK, acceptStatus);
        Assert.Equal("accepted", accepted.GetProperty("status").GetString());
        Assert.Equal(
            await PersonOfAsync(accept.GetProperty("left").GetProperty("anchor").GetProperty("value").GetString()!),
            await PersonOfAsync(accept.GetProperty("right").GetProperty("anchor").GetProperty("value").GetString()!));
        var rejectId = reject.GetProperty("reviewId").GetString();
        var (rejectStatus, rejected) = await PostAsync($"/api/v1/identity/matching/reviews/{rejectId}/reject", "{}");
        Assert.Equal(HttpStatusCode.OK, rejectStatus);
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync($"/api/v1/identity/matching/reviews/{rejectId}/accept", "{}")).Status);

        // A second run finds nothing new to merge, and proposes neither the queued nor the rejected pairs again.
        var (_, again) = await PostAsync("/api/v1/identity/matching/runs", specJson);
        Assert.Equal(0, again.GetProperty("autoMergeApplied").GetInt32());
        // (The model is estimated afresh on the merged population, so it may queue a new doubtful pair.)
        static string Pair(JsonElement r) => string.Join('|', new[] { r.GetProperty("left"), r.GetProperty("right") }
            .Select(side => side.GetProperty("anchor").GetProperty("value").GetString()).Order(StringComparer.Ordinal));
        var reviews = (await GetAsync("/api/v1/identity/matching/reviews")).EnumerateArray().ToList();
        var firstPairs = reviews.Where(r => r.GetProperty("runId").GetString() == run.GetProperty("runId").GetString()).Select(Pair).ToHashSet();
        var secondPairs = reviews.Where(r => r.GetProperty("runId").GetString() == again.GetProperty("runId").GetString()).Select(Pair).ToList();
        Assert.Equal(again.GetProperty("queuedForReview").GetInt32(), secondPairs.Count);
        Assert.DoesNotContain(secondPairs, firstPairs.Contains);
        Assert.Equal(2, (await GetAsync("/api/v1/identity/matching/runs")).GetArrayLength());
    }

    /// <summary>A review of two persons seen on one device each (or logged in as the given users), saved as a run would.</summary>
    private async Task<(string ReviewId, IPersonMatchStore Store)> ReviewOfAsync(string left, string right, string type = "anonymous_id")
    {
        foreach (var id in new[] { left, right })
        {
            var field = type == "user_id" ? "userId" : "anonymousId";
            (await _server.Collect.PostJsonAsync("/v1/identify", $$$"""{"{{{field}}}":"{{{id}}}","traits":{"name":"王芳"}}""")).EnsureSuccessStatusCode();
        }

        await _server.FlushAsync();
        var store = _server.App.Services.GetRequiredService<IPersonMatchStore>();
        var workspace = new WorkspaceId("default");
        var at = DateTimeOffset.UtcNow;
        var personOf = async (string value) => (await _server.App.Services.GetRequiredService<IProfileReader>().FindByIdentifierAsync(workspace, new Identifier(type, value)))!.Value;
        var review = new MatchReview("rev_test", workspace, "run_test", await personOf(left), new Identifier(type, left), await personOf(right), new Identifier(type, right), 7.5, 0.9, [], at);
        await store.SaveRunAsync(new MatchRun("run_test", workspace, "key_test", at, at, 2, 1, 0, null, 0, 0, 0, 1, [], "{}"), [review]);
        return (review.ReviewId, store);
    }

    [Fact]
    public async Task Accept_OfTwoAlreadyJoinedPersons_IsRecordedWithoutASecondMerge()
    {
        var (reviewId, _) = await ReviewOfAsync("a1", "a2");
        var (first, second) = (await PersonOfAsync("a1"), await PersonOfAsync("a2"));
        Assert.Equal(HttpStatusCode.Created, (await PostAsync("/api/v1/identity/operations", $$"""{"kind":"merge","personId":"{{first}}","otherPersonId":"{{second}}"}""")).Status);

        var (status, review) = await PostAsync($"/api/v1/identity/matching/reviews/{reviewId}/accept", "{}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("accepted", review.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, review.GetProperty("operationId").ValueKind);
        Assert.Single((await GetAsync("/api/v1/identity/operations")).EnumerateArray());
    }

    [Fact]
    public async Task Accept_RefusedByTheRules_LeavesTheReviewOpen_ForARejection()
    {
        var (reviewId, _) = await ReviewOfAsync("u1", "u2", type: "user_id");

        var (status, problem) = await PostAsync($"/api/v1/identity/matching/reviews/{reviewId}/accept", "{}");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("limit is 1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("open", (await GetAsync($"/api/v1/identity/matching/reviews/{reviewId}")).GetProperty("status").GetString());
        var (rejectStatus, rejected) = await PostAsync($"/api/v1/identity/matching/reviews/{reviewId}/reject", """{"reason":"two members"}""");
        Assert.Equal((HttpStatusCode.OK, "rejected"), (rejectStatus, rejected.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task AReviewClaimedByAMerge_CannotBeRejected_AndAnAcceptWaitsForThatMerge()
    {
        var (reviewId, store) = await ReviewOfAsync("b1", "b2");
        Assert.True(await store.ClaimReviewAsync(new WorkspaceId("default"), reviewId, "iop_in_flight"));

        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync($"/api/v1/identity/matching/reviews/{reviewId}/reject", "{}")).Status);
        var (status, pending) = await PostAsync($"/api/v1/identity/matching/reviews/{reviewId}/accept", "{}");
        Assert.Equal((HttpStatusCode.Accepted, "iop_in_flight"), (status, pending.GetProperty("operationId").GetString()));
        Assert.Empty((await GetAsync("/api/v1/identity/operations")).EnumerateArray());
        Assert.False(await store.ClaimReviewAsync(new WorkspaceId("default"), reviewId, "iop_second"));
    }

    [Fact]
    public async Task MergeOperation_JoinsTwoPersons_AndBadInputIsNamed()
    {
        foreach (var anonymousId in new[] { "store-signup", "app-user" })
        {
            (await _server.Collect.PostJsonAsync("/v1/identify", $$$"""{"anonymousId":"{{{anonymousId}}}","traits":{"name":"王芳"}}""")).EnsureSuccessStatusCode();
        }

        await _server.FlushAsync();
        var (store, app) = (await PersonOfAsync("store-signup"), await PersonOfAsync("app-user"));

        var (status, body) = await PostAsync("/api/v1/identity/operations", $$"""{"kind":"merge","personId":"{{store}}","otherPersonId":"{{app}}","reason":"same member"}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(2, body.GetProperty("before").GetArrayLength());
        Assert.Equal(await PersonOfAsync("store-signup"), await PersonOfAsync("app-user"));
        var (missing, problem) = await PostAsync("/api/v1/identity/operations", $$"""{"kind":"merge","personId":"{{store}}"}""");
        Assert.Equal((HttpStatusCode.BadRequest, "otherPersonId"), (missing, problem.GetProperty("errors")[0].GetProperty("field").GetString()));
        var (badSpec, specProblem) = await PostAsync("/api/v1/identity/matching/runs", """{"fields":[{"trait":"name","comparator":"soundex"}]}""");
        Assert.Equal((HttpStatusCode.BadRequest, "fields[0].comparator"), (badSpec, specProblem.GetProperty("errors")[0].GetProperty("field").GetString()));
        var (noBlocking, blockingProblem) = await PostAsync("/api/v1/identity/matching/runs", """{"fields":[{"trait":"name","comparator":"chineseName"}]}""");
        Assert.Equal((HttpStatusCode.BadRequest, "blocking"), (noBlocking, blockingProblem.GetProperty("errors")[0].GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("/api/v1/identity/matching/runs", "{not json")).Status);
        using var listBad = await _server.Admin.GetAsync("/api/v1/identity/matching/reviews?status=maybe");
        Assert.Equal(HttpStatusCode.BadRequest, listBad.StatusCode);
        using var unknown = await _server.Admin.PostAsync("/api/v1/identity/matching/reviews/rev_nope/accept", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var anonymous = await _server.Anonymous.PostAsync("/api/v1/identity/matching/runs", null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
