using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenter.Calls;
using CallCenter.Gateway.Chat;
using CallCenter.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CallCenter.Tests.Cluster;

/// <summary>Two silos and a Gateway process; voice on the pass-through engines, short replies, a 6 s hold lease.</summary>
public sealed class DrainClusterFixture : PostgresClusterFixture
{
    public const int HoldLeaseSeconds = 6;

    protected override int SiloCount => 2;

    protected override bool WithGateway => true;

    protected override string[] SiloSettings =>
    [
        "--Voice:Engines:Recognizer", "PassThrough", "--Voice:Engines:Synthesizer", "PassThrough",
        "--Voice:PassThrough:MillisecondsPerCharacter", "5", "--Calls:HoldLeaseSeconds", HoldLeaseSeconds.ToString(),
    ];
}

/// <summary>
/// Graceful drain and dropped calls on real processes: every silo SIGTERMed and restarted in turn while calls talk
/// through the Gateway process; and a Gateway process SIGKILLed with the calls it held.
/// </summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class DrainTests(DrainClusterFixture cluster, ITestOutputHelper output) : IClassFixture<DrainClusterFixture>
{
    private static readonly string[] Script =
    [
        "where is my order A1001", "how much is the BrewMaster espresso machine?", "what is your return policy", "is order A1003 shipped yet",
    ];

    [Fact]
    public async Task A_rolling_restart_of_every_silo_under_load_drops_no_call_and_loses_no_turn()
    {
        var gateway = cluster.Gateway!;
        var api = new ChatApi(gateway.Http);
        var chats = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            chats.Add((await api.StartAsync("en")).CallId);
        }

        using var socket = await ChatSocket.ConnectAsync(gateway.Http.BaseAddress!);
        var socketCall = (await socket.ExchangeAsync(new { type = "start", language = "en" })).GetProperty("callId").GetString()!;
        await using var voice = await PcmCaller.CallAsync(gateway.Http);

        // The callers talk all along: each turn as soon as the last was answered; every attempt is kept.
        using var stop = new CancellationTokenSource();
        var turns = new ConcurrentQueue<(string CallId, string Text, string Outcome, double Ms)>();
        var talking = chats.Select(id => Task.Run(() => TalkAsync(id, text => SayAsync(api, id, text), turns, stop.Token)))
            .Append(Task.Run(() => TalkAsync(socketCall, async text =>
            {
                var reply = await socket.ExchangeAsync(new { type = "message", text });
                return reply.GetProperty("type").GetString() == "reply" ? "ok" : reply.ToString();
            }, turns, stop.Token)))
            .Append(Task.Run(() => TalkByVoiceAsync(voice, turns, stop.Token)))
            .ToArray();

        await WaitForTurnsAsync(turns, 12);
        var moved = 0;
        for (var silo = 0; silo < cluster.Silos.Count; silo++)
        {
            var (exitCode, log) = await cluster.RestartSiloAsync(silo);
            Assert.Equal(0, exitCode);
            var drained = log.Split('\n').Single(l => l.Contains(" drained: ", StringComparison.Ordinal));
            output.WriteLine($"silo-{silo + 1}: {drained.Trim()}");
            moved += int.Parse(drained[(drained.IndexOf(" drained: ", StringComparison.Ordinal) + 10)..].Split(' ')[0]);

            // As minReadySeconds does in Kubernetes: the Gateway re-reads the silos' gateways every 5 s before the next stops.
            var answered = turns.Count;
            await Task.Delay(TimeSpan.FromSeconds(6));
            await WaitForTurnsAsync(turns, answered + 6);
        }

        await stop.CancelAsync();
        await Task.WhenAll(talking);

        var all = turns.ToArray();
        output.WriteLine($"{all.Length} turns during the restarts; longest {all.Max(t => t.Ms):0} ms; calls moved by the drains: {moved}.");
        Assert.True(moved >= 6, $"the drains moved {moved} calls");
        Assert.All(all, t => Assert.True(t.Outcome == "ok", $"call {t.CallId}, '{t.Text}': {t.Outcome} after {t.Ms:0} ms"));
        foreach (var callId in chats.Append(socketCall).Append(voice.CallId))
        {
            var call = await api.GetAsync(callId);
            Assert.Equal(CallStatus.Active, call.Status);
            var said = all.Where(t => t.CallId == callId).Select(t => t.Text).ToArray();
            Assert.True(said.Length >= 3, $"call {callId} had only {said.Length} turns");
            Assert.Equal(said, call.Turns.Where(t => t.Speaker == Speaker.Caller).Select(t => t.Text));
        }

        await voice.HangUpAsync();
        Assert.Equal("ended", (await socket.ExchangeAsync(new { type = "hangup" })).GetProperty("type").GetString());
        foreach (var id in chats)
        {
            await api.HangUpAsync(id);
        }
    }

    [Fact]
    public async Task Calls_held_by_a_Gateway_process_that_dies_are_recorded_as_dropped_with_their_transcripts()
    {
        await using var doomed = await cluster.StartGatewayAsync("doomed-gateway"); // disposed (killed) even if the test fails early
        using var socket = await ChatSocket.ConnectAsync(doomed.Http.BaseAddress!);
        var chat = (await socket.ExchangeAsync(new { type = "start", language = "en" })).GetProperty("callId").GetString()!;
        Assert.Equal("reply", (await socket.ExchangeAsync(new { type = "message", text = "where is my order A1001" })).GetProperty("type").GetString());
        var voice = await PcmCaller.CallAsync(doomed.Http);
        Assert.Contains("A1002", await voice.PressAsync("1002#"));
        var plain = (await new ChatApi(doomed.Http).StartAsync("en")).CallId; // HTTP only: no connection held
        var silo = new ChatApi(cluster.Silos[0].Http);
        var before = new Dictionary<string, CallResponse> { [chat] = await silo.GetAsync(chat), [voice.CallId] = await silo.GetAsync(voice.CallId) };

        doomed.Kill();
        var killed = Stopwatch.StartNew();
        foreach (var (callId, held) in before)
        {
            var call = await WaitUntilEndedAsync(silo, callId);
            Assert.Equal(CallOutcome.Dropped, call.Outcome);
            Assert.Equal(held.Turns.Select(t => (t.Speaker, t.Text)), call.Turns.Select(t => (t.Speaker, t.Text)));
        }

        output.WriteLine($"Both held calls recorded as dropped {killed.Elapsed.TotalSeconds:0.0} s after the SIGKILL (lease {DrainClusterFixture.HoldLeaseSeconds} s).");
        var listed = await cluster.Silos[1].Http.GetFromJsonAsync<CallListResponse>("api/calls?limit=50", ApiJson.Options);
        Assert.All(before.Keys, id => Assert.Equal(CallOutcome.Dropped, listed!.Calls.Single(c => c.CallId == id).Outcome));
        Assert.Equal(CallStatus.Active, (await silo.GetAsync(plain)).Status);
        await silo.HangUpAsync(plain);
        await voice.DisposeAsync();
    }

    [Fact]
    public async Task A_voice_call_whose_silo_is_SIGKILLed_is_answered_and_heard_again_once_the_cluster_has_replaced_it()
    {
        await using var voice = await PcmCaller.CallAsync(cluster.Gateway!.Http);
        Assert.Contains("A1001", await voice.PressAsync("1001#"));
        var holders = await Task.WhenAll(cluster.Silos.Select(PostgresClusterFixture.ActiveVoiceCallsAsync));
        var victim = Array.IndexOf(holders, 1);
        Assert.True(victim >= 0, $"voice calls per silo: {string.Join(", ", holders)}");

        cluster.Silos[victim].Kill();
        var killed = Stopwatch.StartNew();
        string? reply = null;
        var tries = 0;
        while (reply is null)
        {
            // The caller presses again when nothing comes back, as a caller asks again.
            Assert.True(killed.Elapsed < TimeSpan.FromSeconds(90), $"no answer {killed.Elapsed.TotalSeconds:0} s after the SIGKILL ({tries} tries)");
            tries++;
            reply = await voice.TryPressAsync("1002#", TimeSpan.FromSeconds(8));
        }

        output.WriteLine($"Answered and heard {killed.Elapsed.TotalSeconds:0.0} s after the SIGKILL, at try {tries}.");
        Assert.Contains("A1002", reply);
        Assert.Contains("A1003", await voice.PressAsync("1003#")); // and the next one at once
        var call = await new ChatApi(cluster.Gateway.Http).GetAsync(voice.CallId);
        Assert.Equal(CallStatus.Active, call.Status);
        var said = call.Turns.Where(t => t.Speaker == Speaker.Caller).Select(t => t.Text).ToArray();
        Assert.Equal("my order number is A1001", said[0]);
        Assert.Equal(["my order number is A1002", "my order number is A1003"], said[^2..]);
        await voice.HangUpAsync();
        await cluster.RestartSiloAsync(victim);
    }

    private static async Task TalkAsync(
        string callId, Func<string, Task<string>> say, ConcurrentQueue<(string, string, string, double)> turns, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var text = Script[i % Script.Length];
            var started = Stopwatch.GetTimestamp();
            string outcome;
            try
            {
                outcome = await say(text);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Net.WebSockets.WebSocketException)
            {
                outcome = ex.GetType().Name;
            }

            turns.Enqueue((callId, text, outcome, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            await Task.Delay(150, CancellationToken.None);
        }
    }

    /// <summary>A voice caller alternating keypad turns and spoken ones (the pass-through recognizer hears "where is my order").</summary>
    private static async Task TalkByVoiceAsync(PcmCaller voice, ConcurrentQueue<(string, string, string, double)> turns, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var (text, reply) = i % 2 == 0
                ? ("my order number is A1001", await voice.PressAsync("1001#"))
                : ("where is my order", await voice.SpeakAsync(0.6));
            turns.Enqueue((voice.CallId, text, reply.Length > 0 ? "ok" : "no reply", Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        }
    }

    private static async Task<string> SayAsync(ChatApi api, string callId, string text)
    {
        using var response = await api.SendAsync(HttpMethod.Post, $"api/calls/{callId}/messages", JsonContent.Create(new { text }));
        return response.StatusCode == HttpStatusCode.OK ? "ok" : $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    private static async Task WaitForTurnsAsync(ConcurrentQueue<(string, string, string, double)> turns, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (turns.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {turns.Count} turns were answered");
            await Task.Delay(100);
        }
    }

    private static async Task<CallResponse> WaitUntilEndedAsync(ChatApi silo, string callId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var call = await silo.GetAsync(callId);
            if (call.Status == CallStatus.Ended)
            {
                return call;
            }

            Assert.True(DateTime.UtcNow < deadline, $"call {callId} is still {call.Status} a minute after its Gateway died");
            await Task.Delay(250);
        }
    }
}
