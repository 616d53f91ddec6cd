using CallCenter.Storage;
using CallCenter.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Storage;

namespace CallCenter.Tests.Storage;

public sealed class SqliteStorageTests : IAsyncLifetime
{
    private readonly SqliteDatabase _database = new(
        Options.Create(new StorageOptions { SqlitePath = TestPaths.NewDatabase("storage") }), NullLogger<SqliteDatabase>.Instance);

    public Task InitializeAsync()
    {
        _database.ExecuteScript("CREATE TABLE items (id INTEGER PRIMARY KEY, value TEXT NOT NULL);");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_failing_write_fails_alone_and_the_rest_of_its_batch_commits()
    {
        var writes = Enumerable.Range(1, 200).Select(i => _database.WriteAsync(w =>
        {
            var command = w.Command("INSERT INTO items (id, value) VALUES ($id, $value)");
            command.Parameters.AddWithValue("$id", i);
            // Row 77 breaks NOT NULL: its write fails, wherever it lands in a batch.
            command.Parameters.AddWithValue("$value", i == 77 ? DBNull.Value : $"item {i}");
            command.ExecuteNonQuery();
        })).ToArray();

        var failure = await Assert.ThrowsAsync<SqliteException>(() => writes[76]);
        Assert.Contains("NOT NULL", failure.Message);
        await Task.WhenAll(writes.Where((_, i) => i != 76));

        await using var connection = _database.Open();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*), sum(id = 77) FROM items";
        await using var reader = await count.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(199, reader.GetInt32(0));
        Assert.Equal(0, reader.GetInt32(1));
    }

    [Fact]
    public async Task Grain_state_round_trips_and_a_stale_etag_is_refused()
    {
        // The serializer production uses: Orleans' own binary format.
        var serializer = new OrleansGrainStorageSerializer(
            Orleans.Serialization.ServiceCollectionExtensions.AddSerializer(new ServiceCollection()).BuildServiceProvider().GetRequiredService<Orleans.Serialization.Serializer>());
        var storage = new SqliteGrainStorage(_database, serializer);
        var grainId = GrainId.Create("call", Guid.NewGuid().ToString("N"));

        var first = new GrainState<List<string>> { State = ["hello"] };
        await storage.WriteStateAsync("call", grainId, first);
        var stale = new GrainState<List<string>> { State = ["from another activation"], ETag = null };

        first.State.Add("world");
        await storage.WriteStateAsync("call", grainId, first);

        var read = new GrainState<List<string>>();
        await storage.ReadStateAsync("call", grainId, read);
        Assert.Equal(["hello", "world"], read.State);
        Assert.True(read.RecordExists);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("call", grainId, stale));
        stale.ETag = "1";
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("call", grainId, stale));

        await storage.ClearStateAsync("call", grainId, read);
        var cleared = new GrainState<List<string>>();
        await storage.ReadStateAsync("call", grainId, cleared);
        Assert.False(cleared.RecordExists);
    }
}
