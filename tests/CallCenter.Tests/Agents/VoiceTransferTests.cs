using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Text;
using CallCenter.Calls;
using CallCenter.Tests.Audio;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Agents;

/// <summary>
/// A voice call handed to a person: the caller hears the handoff and the hold chime, then the agent's voice from the
/// agent's browser connection, and the agent hears the caller; all as real audio over the real WebSockets.
/// </summary>
[Collection(AgentCollection.Name)]
public sealed class VoiceTransferTests(AgentHostFixture host)
{
    private const int Rate = 16000;
    private const int Frame = Rate / 50;

    [Fact]
    public async Task The_caller_hears_hold_audio_then_the_agent_and_the_agent_hears_the_caller()
    {
        var agent = host.NewAgent();
        await agent.SignInAsync("Vera", ["en"], ["ecommerce"]);

        var (caller, heard, callId, receiving) = await CallerAsksForAPersonAsync();
        using var _ = caller;
        var api = new ChatApi(host.Http);
        await WaitAsync(() => api.GetAsync(callId).Result.Status == CallStatus.WaitingForAgent, seconds: 30);

        // After the handoff message, the hold chime (E5, 659 Hz).
        await WaitAsync(() => heard.Since(0).Any(f => Dominant(f, 659.25)), seconds: 30);

        await agent.WaitForOfferAsync(callId);
        await agent.PostAsync("accept", new { callId });
        using var agentAudio = new ClientWebSocket();
        agent.Authorize(agentAudio.Options);
        await agentAudio.ConnectAsync(new Uri($"ws://{host.BaseAddress.Authority}/media/agent?agentId={agent.AgentId}"), CancellationToken.None);
        var agentHeard = new Heard();
        var agentReceiving = ReceiveAsync(agentAudio, agentHeard, _ => { });

        // The agent speaks (a 440 Hz tone): the caller hears it instead of the chime.
        var mark = heard.Count;
        await SpeakUntilHeardAsync(agentAudio, 440, () => heard.Since(mark).Any(f => Dominant(f, 440)));

        // The agent's words go into the transcript too (this host's recognizer hears every utterance as its configured
        // transcript), once the microphone's silence ends the utterance. A steady tone is no speech: a voice is.
        await StreamAsync(agentAudio, Signals.Concat(Signals.SpeechLike(Rate, 1000, -20, seed: 5), Signals.Silence(Rate, 1000)));
        await WaitAsync(() => api.GetAsync(callId).Result.Turns.Any(t => t.Speaker == Speaker.Agent && t.Text == "where is my order"));

        // A full garbage collection in the middle of the call: Orleans holds the Gateway's observers (the agent's ear,
        // the caller's speech output) only through weak references, so the Gateway must hold them itself.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // The caller speaks (880 Hz): the agent hears it.
        await SpeakUntilHeardAsync(caller, 880, () => agentHeard.Since(0).Any(f => Dominant(f, 880)));

        await agent.PostAsync("close", new { disposition = "resolved" });
        await WaitAsync(() => api.GetAsync(callId).Result.Status == CallStatus.Ended);
        Assert.Equal(CallOutcome.ResolvedByAgent, (await api.GetAsync(callId)).Outcome);
        await agentAudio.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await agentReceiving;
        await receiving;
    }

    [Fact]
    public async Task The_agent_desktop_talks_to_a_voice_caller_through_the_browser_microphone()
    {
        // The agent's microphone: Chromium's fake capture device playing a 440 Hz tone.
        var wav = Path.Combine(Path.GetTempPath(), $"agent-{Guid.NewGuid():N}.wav");
        await File.WriteAllBytesAsync(wav, CallCenter.Voice.Engines.Wav.Encode(Signals.ToPcm(Signals.Sine(Rate, 440, 8000, -12)), Rate));
        try
        {
            await using var browser = await HeadlessChromium.LaunchAsync(
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", $"--use-file-for-fake-audio-capture={wav}",
                "--autoplay-policy=no-user-gesture-required");
            await AgentDeskClient.ClearFloorAsync(host.Http);
            var page = await browser.NewPageAsync();
            await TestCredentials.SignInAsync(page, host.BaseAddress, host.Identities.Next(), "agent");
            await page.FillAsync("#agent-name", "Mia");
            await page.ClickAsync("#sign-in-button");
            await Microsoft.Playwright.Assertions.Expect(page.Locator("#state")).ToHaveTextAsync("available", PageWaits.Text);

            var (caller, heard, callId, receiving) = await CallerAsksForAPersonAsync();
            using var _ = caller;

            await page.Locator($"#offer[data-call-id='{callId}']").WaitForAsync(new() { Timeout = 10_000 });
            await page.ClickAsync("#accept");
            await Microsoft.Playwright.Assertions.Expect(page.Locator("#voice-status")).ToHaveTextAsync("Voice connected", PageWaits.Text);
            var mark = heard.Count;
            await WaitAsync(() => heard.Since(mark).Any(f => Dominant(f, 440)), seconds: 15);

            await page.SelectOptionAsync("#disposition", "resolved");
            await page.ClickAsync("#close");
            await WaitAsync(() => new ChatApi(host.Http).GetAsync(callId).Result.Status == CallStatus.Ended);
            await receiving;
        }
        finally
        {
            File.Delete(wav);
        }
    }

    [Fact]
    public async Task The_agent_audio_connection_is_refused_without_a_voice_call()
    {
        var agent = host.NewAgent();
        await agent.SignInAsync("Nick", ["en"], ["nothing-routes-here"]);
        using var socket = new ClientWebSocket();
        agent.Authorize(socket.Options);
        var refused = await Assert.ThrowsAsync<WebSocketException>(() =>
            socket.ConnectAsync(new Uri($"ws://{host.BaseAddress.Authority}/media/agent?agentId={agent.AgentId}"), CancellationToken.None));
        Assert.Contains("409", refused.Message);
        await agent.PostAsync("state", new { state = "offline" });
    }

    /// <summary>A voice caller on /media/pcm who presses 0 (a person, please); what they hear is collected.</summary>
    private async Task<(ClientWebSocket Caller, Heard Heard, string CallId, Task Receiving)> CallerAsksForAPersonAsync()
    {
        var caller = new ClientWebSocket();
        await caller.ConnectAsync(await host.PcmUrlAsync(Rate), CancellationToken.None);
        var heard = new Heard();
        var callId = "";
        var receiving = ReceiveAsync(caller, heard, json => callId = json.Contains("\"started\"") ? Between(json, "\"callId\":\"", "\"") : callId);
        await SendTextAsync(caller, """{"type":"start","language":"en"}""");
        await WaitAsync(() => callId.Length > 0);
        await SendTextAsync(caller, """{"type":"dtmf","digit":"0"}"""); // 0 asks for a person
        return (caller, heard, callId, receiving);
    }

    /// <summary>Most of the frame's power is at <paramref name="hz"/>.</summary>
    private static bool Dominant(short[] frame, double hz)
    {
        var total = frame.Sum(s => (double)s * s) / frame.Length;
        return total > 1000 && Signals.PowerAt(frame, Rate, hz) > 0.5 * total;
    }

    /// <summary>Keeps talking (half a second at a time, at real time) until the other side has heard it, or 30 s.</summary>
    private static async Task SpeakUntilHeardAsync(ClientWebSocket socket, double hz, Func<bool> heard)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!heard())
        {
            Assert.True(DateTime.UtcNow < deadline, $"the {hz} Hz voice was not heard on the other side");
            await StreamToneAsync(socket, hz, seconds: 0.5);
        }
    }

    private static Task StreamToneAsync(ClientWebSocket socket, double hz, double seconds) =>
        StreamAsync(socket, Signals.Sine(Rate, hz, (int)(seconds * 1000), -12));

    /// <summary>Sends the signal in 20 ms frames at real time, like a microphone.</summary>
    private static async Task StreamAsync(ClientWebSocket socket, double[] signal)
    {
        var tone = Signals.ToPcm(signal);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var (offset, sent) = (0, 1); offset + Frame <= tone.Length; offset += Frame, sent++)
        {
            await socket.SendAsync(MemoryMarshal.AsBytes(tone.AsSpan(offset, Frame)).ToArray(), WebSocketMessageType.Binary, true, CancellationToken.None);
            var due = TimeSpan.FromMilliseconds(20 * sent) - clock.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due);
        }
    }

    private static Task SendTextAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private static Task ReceiveAsync(ClientWebSocket socket, Heard heard, Action<string> onText) => Task.Run(async () =>
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close) return;
                if (result.MessageType == WebSocketMessageType.Text) onText(Encoding.UTF8.GetString(buffer, 0, result.Count));
                else heard.Add(MemoryMarshal.Cast<byte, short>(buffer.AsSpan(0, result.Count & ~1)).ToArray());
            }
        }
        catch (WebSocketException)
        {
        }
    });

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        return text[from..text.IndexOf(end, from, StringComparison.Ordinal)];
    }

    private static async Task WaitAsync(Func<bool> condition, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the call");
            await Task.Delay(50);
        }
    }

    /// <summary>Audio frames received, in order (20 ms each at 16 kHz).</summary>
    private sealed class Heard
    {
        private readonly ConcurrentQueue<short[]> _frames = new();

        public int Count => _frames.Count;

        public void Add(short[] frame) => _frames.Enqueue(frame);

        public IEnumerable<short[]> Since(int index) => _frames.Skip(index);
    }
}
