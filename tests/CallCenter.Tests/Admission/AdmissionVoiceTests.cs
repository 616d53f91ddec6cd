using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CallCenter.FakeTwilio;
using CallCenter.Gateway.Media.AudioSocket;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Admission;

/// <summary>
/// The busy answer of each media protocol, given at the call's start: Twilio's stream closes with 1013 (Try Again
/// Later) and the reason, the PCM socket sends an error event and closes with 1013, Asterisk gets a hangup frame.
/// Nothing is started for a refused call.
/// </summary>
[Collection(AdmissionCollection.Name)]
public sealed class AdmissionVoiceTests(AdmissionHostFixture host)
{
    private const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;
    private readonly ChatApi _api = new(host.Http);

    [Fact]
    public async Task A_twilio_stream_past_capacity_is_closed_with_1013_and_the_reason()
    {
        var callers = await FillAsync(chats: AdmissionHostFixture.MaxCalls);
        var (connected, order) = await host.Twilio.DialAsync();
        using var socket = connected;
        var callSid = order.CallSid;
        await SendTextAsync(socket, TwilioCarrier.ConnectedMessage);
        await SendTextAsync(socket, TwilioCarrier.StartMessage(order, "MZ00000000000000000000000000000001"));

        var result = await WebSocketClose.ReceiveAsync(socket);
        Assert.Equal(TryAgainLater, result.CloseStatus);
        Assert.Equal("All agents are busy: the engine is at capacity. Please try again in 3 seconds.", result.CloseStatusDescription);
        await AssertNoCallAsync(callSid);
        await HangUpAsync(callers);
    }

    [Fact]
    public async Task A_pcm_call_past_the_voice_limit_gets_an_error_event_and_a_1013_close()
    {
        var callers = await FillAsync(voiceCalls: AdmissionHostFixture.MaxVoiceCalls);
        using var socket = await host.ConnectPcmAsync(16000);
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"type":"start","language":"en"}"""), WebSocketMessageType.Text, true, CancellationToken.None);

        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var message = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Text, message.MessageType);
        var error = JsonDocument.Parse(buffer.AsMemory(0, message.Count)).RootElement;
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Equal(503, error.GetProperty("status").GetInt32());
        Assert.Equal(AdmissionHostFixture.RetryAfterSeconds, error.GetProperty("retryAfter").GetInt32());
        Assert.Contains("at capacity for voice calls", error.GetProperty("error").GetString());

        var close = await WebSocketClose.ReceiveAsync(socket);
        Assert.Equal(TryAgainLater, close.CloseStatus);
        Assert.Contains("at capacity for voice calls", close.CloseStatusDescription);
        await HangUpAsync(callers);
    }

    [Fact]
    public async Task An_audiosocket_call_past_capacity_is_hung_up()
    {
        var callers = await FillAsync(chats: AdmissionHostFixture.MaxCalls);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, host.AudioSocketPort);
        var stream = tcp.GetStream();
        var callId = Guid.NewGuid();
        await using (var writer = new AudioSocketFrameWriter(stream))
        {
            await writer.WriteUuidAsync(callId);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var header = new byte[3];
        await stream.ReadExactlyAsync(header, timeout.Token);
        Assert.Equal((byte)AudioSocketKind.Hangup, header[0]);
        Assert.Equal(0, (header[1] << 8) | header[2]);
        Assert.Equal(0, await stream.ReadAsync(new byte[1], timeout.Token)); // then the connection closes

        await AssertNoCallAsync(callId.ToString("D"));
        await HangUpAsync(callers);
    }

    /// <summary>Fills the engine with calls over the chat API (voice-channel calls count as voice).</summary>
    private async Task<List<string>> FillAsync(int chats = 0, int voiceCalls = 0)
    {
        await host.WaitUntilIdleAsync();
        var calls = new List<string>();
        for (var i = 0; i < voiceCalls; i++) calls.Add(await host.StartAsync("voice"));
        for (var i = 0; i < chats; i++) calls.Add(await host.StartAsync());
        return calls;
    }

    private async Task HangUpAsync(List<string> calls)
    {
        foreach (var call in calls)
        {
            await _api.HangUpAsync(call);
        }
    }

    private async Task AssertNoCallAsync(string callId)
    {
        using var response = await host.Http.GetAsync($"api/calls/{callId}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static Task SendTextAsync(WebSocket socket, string message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);

    private static Task SendJsonAsync(WebSocket socket, object message) =>
        socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
}
