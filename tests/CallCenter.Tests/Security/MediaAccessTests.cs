using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CallCenter.FakeTwilio;
using CallCenter.Gateway.Media.AudioSocket;
using CallCenter.Gateway.Media.Pcm;
using CallCenter.Gateway.Chat;
using CallCenter.Gateway.Security;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Security;

/// <summary>
/// Who may open a media connection: Twilio, by real Twilio-style signatures on the voice webhook and the stream's
/// WebSocket upgrade (correct, wrong, missing, replayed, expired, for another call); the PCM socket by its ticket (valid,
/// expired, altered, reused, another kind of token); AudioSocket by the source network; agents' audio by identity.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class MediaAccessTests(SecurityHostFixture host)
{
    [Fact]
    public async Task A_stream_signed_by_twilio_is_accepted_and_carries_the_call()
    {
        var (socket, order) = await host.Twilio.DialAsync(from: "+15550100");
        using var _ = socket;
        Assert.Equal(WebSocketState.Open, socket.State);
        Assert.Equal("+15550100", order.Parameters["from"]);
        Assert.StartsWith($"ws://{host.BaseAddress.Authority}/media/twilio/v1.", order.StreamUrl.ToString());

        await SendAsync(socket, TwilioCarrier.ConnectedMessage);
        await SendAsync(socket, TwilioCarrier.StartMessage(order, "MZ" + Guid.NewGuid().ToString("N")));
        var call = await WaitForCallAsync(order.CallSid);
        Assert.Equal(Calls.CallChannel.Voice, call.Channel);
        Assert.Equal("C001", call.CustomerId); // the from parameter of the webhook's TwiML
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    [Fact]
    public async Task A_stream_signed_with_another_token_or_not_signed_is_refused()
    {
        var order = await host.Twilio.AnswerAsync(TwilioCarrier.NewCallSid());
        var forged = await Assert.ThrowsAsync<TwilioStreamRefusedException>(() =>
            host.Twilio.ConnectAsync(order, TwilioSignature.Compute("some-other-accounts-token", order.StreamUrl.ToString())));
        Assert.Equal(HttpStatusCode.Forbidden, forged.Status);
        var unsigned = await Assert.ThrowsAsync<TwilioStreamRefusedException>(() => host.Twilio.ConnectAsync(order, signature: ""));
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.Status);

        // Signed for another ticket's URL: the signature covers the whole URL.
        var other = await host.Twilio.AnswerAsync(TwilioCarrier.NewCallSid());
        var swapped = await Assert.ThrowsAsync<TwilioStreamRefusedException>(() => host.Twilio.ConnectAsync(order, TwilioSignature.Compute(TestCredentials.TwilioAuthToken, other.StreamUrl.ToString())));
        Assert.Equal(HttpStatusCode.Forbidden, swapped.Status);

        // The real stream still opens once: the refused attempts did not use its ticket.
        using var socket = await host.Twilio.ConnectAsync(order);
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task A_replayed_stream_request_is_refused()
    {
        var order = await host.Twilio.AnswerAsync(TwilioCarrier.NewCallSid());
        var signature = TwilioSignature.Compute(TestCredentials.TwilioAuthToken, order.StreamUrl.ToString());
        using (var first = await host.Twilio.ConnectAsync(order, signature))
        {
            await first.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }

        // The same request again, byte for byte (as someone who captured it would send it): the ticket was used.
        var replay = await Assert.ThrowsAsync<TwilioStreamRefusedException>(() => host.Twilio.ConnectAsync(order, signature));
        Assert.Equal(HttpStatusCode.Forbidden, replay.Status);
    }

    [Fact]
    public async Task A_stream_ticket_past_its_time_is_refused()
    {
        var order = await host.Twilio.AnswerAsync(TwilioCarrier.NewCallSid());
        host.Clock.Skip(TimeSpan.FromSeconds(61)); // Security:MediaTicketSeconds is 60
        var late = await Assert.ThrowsAsync<TwilioStreamRefusedException>(() => host.Twilio.ConnectAsync(order));
        Assert.Equal(HttpStatusCode.Forbidden, late.Status);
    }

    [Fact]
    public async Task A_stream_whose_start_names_another_call_is_closed_and_starts_nothing()
    {
        var (socket, order) = await host.Twilio.DialAsync();
        using var _ = socket;
        var otherCall = TwilioCarrier.NewCallSid();
        await SendAsync(socket, TwilioCarrier.ConnectedMessage);
        await SendAsync(socket, TwilioCarrier.StartMessage(order, "MZ" + Guid.NewGuid().ToString("N"), callSid: otherCall));

        var close = await ReceiveCloseAsync(socket);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, close.CloseStatus);
        Assert.Contains("another call", close.CloseStatusDescription);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync($"api/calls/{otherCall}")).StatusCode);
    }

    [Fact]
    public async Task The_voice_webhook_answers_only_twilio()
    {
        var url = new Uri(host.BaseAddress, "twilio/voice").ToString();
        var form = new Dictionary<string, string> { ["CallSid"] = TwilioCarrier.NewCallSid(), ["From"] = "+15550100", ["AccountSid"] = TwilioCarrier.AccountSid };

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostFormAsync(url, form, signature: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostFormAsync(url, form, TwilioSignature.Compute("another-token", url, form))).StatusCode);
        var signed = TwilioSignature.Compute(TestCredentials.TwilioAuthToken, url, form);
        var altered = new Dictionary<string, string>(form) { ["From"] = "+15550199" }; // a field changed after Twilio signed
        Assert.Equal(HttpStatusCode.Forbidden, (await PostFormAsync(url, altered, signed)).StatusCode);

        using var answer = await PostFormAsync(url, form, signed);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var twiml = await answer.Content.ReadAsStringAsync();
        Assert.Contains("<Connect><Stream url=\"ws://", twiml);
        Assert.Contains("<Parameter name=\"from\" value=\"+15550100\" />", twiml);
    }

    [Fact]
    public async Task A_pcm_ticket_opens_one_connection_before_it_expires_and_only_as_issued()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.PostAsync("api/media/pcm-token", null)).StatusCode); // Security:AnonymousSoftphone is off
        var valid = await host.PcmUrlAsync(16000);
        var (status, socket) = await WebSocketUpgrade.TryAsync(valid);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, status);
        using (socket)
        {
            await SendAsync(socket!, """{"type":"start","language":"en"}""");
            var started = await ReceiveTextAsync(socket!);
            Assert.Equal("started", started.GetProperty("type").GetString());
            await SendAsync(socket!, """{"type":"hangup"}""");
        }

        Assert.Equal(HttpStatusCode.Forbidden, await WebSocketUpgrade.StatusAsync(valid)); // used once already

        var token = Uri.UnescapeDataString(valid.Query.Split("access_token=")[1]);
        var altered = token[..^4] + (token[^4] == 'A' ? "B" : "A") + token[^3..];
        Assert.Equal(HttpStatusCode.Unauthorized, await WebSocketUpgrade.StatusAsync(PcmUrl(altered)));

        var late = await host.PcmUrlAsync(16000);
        host.Clock.Skip(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.Unauthorized, await WebSocketUpgrade.StatusAsync(late));

        var callerToken = (await new ChatApi(host.Anonymous).StartAsync("en")).CallerToken;
        Assert.Equal(HttpStatusCode.Forbidden, await WebSocketUpgrade.StatusAsync(PcmUrl(callerToken))); // a token, but not a PCM ticket
        Assert.Equal(HttpStatusCode.Unauthorized, await WebSocketUpgrade.StatusAsync(new Uri($"ws://{host.BaseAddress.Authority}/media/pcm?rate=16000")));
    }

    [Fact]
    public async Task Audiosocket_connections_from_outside_the_allowed_networks_are_closed_at_once()
    {
        var callId = Guid.NewGuid();
        Assert.True(await ClosedAtOnceAsync(LoopbackSource.Next(), host.AudioSocketPort));

        // Asterisk on an allowed address gets its call.
        using var asterisk = new TcpClient();
        await asterisk.ConnectAsync(IPAddress.Loopback, host.AudioSocketPort);
        await using (var writer = new AudioSocketFrameWriter(asterisk.GetStream()))
        {
            await writer.WriteUuidAsync(callId);
            var call = await WaitForCallAsync(callId.ToString("D"));
            Assert.Equal(Calls.CallChannel.Voice, call.Channel);
            await writer.WriteHangupAsync();
        }
    }

    [Fact]
    public async Task Agents_open_only_their_own_call_audio()
    {
        var agent = host.NewAgent();
        var other = host.NewAgent();
        var audio = new Uri($"ws://{host.BaseAddress.Authority}/media/agent?agentId={agent.AgentId}");
        Assert.Equal(HttpStatusCode.Unauthorized, await WebSocketUpgrade.StatusAsync(audio));
        Assert.Equal(HttpStatusCode.Forbidden, await WebSocketUpgrade.StatusAsync(audio, other.Authorize));
        Assert.Equal(HttpStatusCode.Forbidden, await WebSocketUpgrade.StatusAsync(audio, o => o.SetRequestHeader("Authorization", "Bearer " + TestCredentials.AdminKey)));
        // Their own: past the access check, to the desk's own answer (not on a call).
        await agent.SignInAsync("Ada", ["en"], ["nothing-routes-here"]);
        Assert.Equal(HttpStatusCode.Conflict, await WebSocketUpgrade.StatusAsync(audio, agent.Authorize));
        await agent.PostAsync("state", new { state = "offline" });
    }

    private Uri PcmUrl(string token) => new($"ws://{host.BaseAddress.Authority}/media/pcm?rate=16000&access_token={Uri.EscapeDataString(token)}");

    private async Task<HttpResponseMessage> PostFormAsync(string url, Dictionary<string, string> form, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        if (signature is not null)
        {
            request.Headers.Add(TwilioSignature.Header, signature);
        }

        return await host.Anonymous.SendAsync(request);
    }

    private async Task<CallResponse> WaitForCallAsync(string callId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            using var response = await host.Http.GetAsync($"api/calls/{callId}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return (await response.Content.ReadFromJsonAsync<CallResponse>(ApiJson.Options))!;
            }

            Assert.True(DateTime.UtcNow < deadline, $"call {callId} did not start");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Whether the listener closes a connection from <paramref name="source"/> before a byte is exchanged: the end of the
    /// stream, a reset, or (on loopback, where the reset can beat the end of the connect) a failed connect.
    /// </summary>
    private static async Task<bool> ClosedAtOnceAsync(System.Net.IPAddress source, int port)
    {
        try
        {
            using var tcp = await LoopbackSource.ConnectTcpAsync(source, port);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            return await tcp.GetStream().ReadAsync(new byte[16], timeout.Token) == 0;
        }
        catch (Exception ex) when (ex is SocketException or IOException { InnerException: SocketException })
        {
            return true;
        }
    }

    private static Task SendAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonElement> ReceiveTextAsync(WebSocket socket)
    {
        var buffer = new byte[16 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Text)
            {
                return JsonDocument.Parse(buffer.AsMemory(0, result.Count)).RootElement.Clone();
            }
        }
    }

    private static async Task<WebSocketReceiveResult> ReceiveCloseAsync(WebSocket socket)
    {
        var buffer = new byte[16 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return result;
            }
        }
    }
}
