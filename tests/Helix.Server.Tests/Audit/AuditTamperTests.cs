using DuckDB.NET.Data;
using Helix.Testing;

namespace Helix.Server.Tests.Audit;

/// <summary>The audit log survives a graceful stop without an explicit flush, and a row changed in the store is caught by verify.</summary>
public sealed class AuditTamperTests : IDisposable
{
    private readonly TempDirectory _directory = new("helix-audit");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task RowChangedInTheStore_VerifyNamesItsSequence()
    {
        await using (var server = await HelixTestServer.StartAsync(_directory.Path))
        {
            for (var i = 0; i < 3; i++)
            {
                await server.Admin.GetAsync($"/api/v1/profiles/p_{i}");
            }

            var result = await server.VerifyAuditAsync(server.Admin);
            Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());

            // Queued after the last flush: only the graceful stop writes these.
            await server.Admin.GetAsync("/api/v1/profiles/p_last");
            await server.Admin.PutAsync("/api/v1/tags/categories/audit_cat", HttpJson.Body("""{"description":"x"}"""));
        }

        Assert.Equal(["p_0", "p_1", "p_2", null, "p_last", "audit_cat"], Targets());
        Tamper("UPDATE audit_log SET target = 'p_forged' WHERE sequence = 2");

        await using (var restarted = await HelixTestServer.StartAsync(_directory.Path))
        {
            var result = await restarted.VerifyAuditAsync(restarted.Admin);

            Assert.False(result.GetProperty("ok").GetBoolean());
            Assert.Equal(2, result.GetProperty("firstBrokenSequence").GetInt64());
        }
    }

    [Fact]
    public async Task DeletedRow_VerifyNamesTheMissingSequence()
    {
        await using (var server = await HelixTestServer.StartAsync(_directory.Path))
        {
            for (var i = 0; i < 4; i++)
            {
                await server.Admin.GetAsync($"/api/v1/profiles/p_{i}");
            }
        }

        Tamper("DELETE FROM audit_log WHERE sequence = 3");

        await using (var restarted = await HelixTestServer.StartAsync(_directory.Path))
        {
            var result = await restarted.VerifyAuditAsync(restarted.Admin);

            Assert.False(result.GetProperty("ok").GetBoolean());
            Assert.Equal(3, result.GetProperty("firstBrokenSequence").GetInt64());
        }
    }

    private List<string?> Targets()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT target FROM audit_log ORDER BY sequence";
        using var reader = command.ExecuteReader();
        var targets = new List<string?>();
        while (reader.Read())
        {
            targets.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
        }

        return targets;
    }

    private void Tamper(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private DuckDBConnection Open()
    {
        var connection = new DuckDBConnection($"Data Source={Path.Combine(_directory.Path, HelixServer.StoreFileName)}");
        connection.Open();
        return connection;
    }
}
