using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CallCenter.FakeTwilio;
using CallCenter.Gateway.Chat;
using CallCenter.Gateway.Media.AudioSocket;
using CallCenter.Gateway.Media.Pcm;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Security;

/// <summary>
/// Every limit reached and answered plainly: HTTP 429 with Retry-After and a problem+json body that says which limit;
/// an error message on /ws/chat; a WebSocket close with the reason for an oversized message; a hangup frame on AudioSocket.
/// </summary>
[Collection(LimitsCollection.Name)]
public sealed class LimitsTests(LimitsHostFixture host)
{
    [Fact]
    public async Task Requests_from_one_address_past_its_rate_get_429_with_retry_after_and_the_reason()
    {
        using var busy = LoopbackSource.Client(LoopbackSource.Next(), host.BaseAddress);
        var refused = await RequestUntilRefusedAsync(() => busy.GetAsync("sign-in"), LimitsHostFixture.SourceBurst);
        await AssertTooManyAsync(refused, "from your address");

        // Another address is not held back by it.
        using var other = LoopbackSource.Client(LoopbackSource.Next(), host.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("sign-in")).StatusCode);
        var metrics = await other.GetStringAsync("metrics");
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("callcenter_limits_refused_total{", StringComparison.Ordinal) && l.Contains("limit=\"source\""));
    }

    [Fact]
    public async Task A_caller_past_their_rate_gets_429_over_http_and_an_error_on_the_chat_socket()
    {
        using var web = LoopbackSource.Client(LoopbackSource.Next(), host.BaseAddress);
        var call = await new ChatApi(web).StartAsync("en");
        using var caller = LoopbackSource.Client(LoopbackSource.Next(), host.BaseAddress, call.CallerToken);
        await AssertTooManyAsync(await RequestUntilRefusedAsync(() => caller.GetAsync($"api/calls/{call.CallId}"), LimitsHostFixture.CallerBurst), "for this call");

        // On the chat socket a message past the rate is answered with an error, and the socket stays.
        var source = LoopbackSource.Next();
        using var app = LoopbackSource.Client(source, host.BaseAddress);
        var second = await new ChatApi(app).StartAsync("en");
        using var invoker = new HttpMessageInvoker(LoopbackSource.Handler(source));
        var (status, opened) = await WebSocketUpgrade.TryAsync(
            new Uri($"ws://{host.BaseAddress.Authority}/ws/chat?callId={second.CallId}&access_token={Uri.EscapeDataString(second.CallerToken)}"), invoker: invoker);
        Assert.Equal(HttpStatusCode.SwitchingProtocols, status);
        using var socket = opened!;
        JsonElement answer;
        var tries = 0;
        do
        {
            Assert.True(++tries <= LimitsHostFixture.CallerBurst + 5, "no message was refused");
            await socket.SendAsync(Encoding.UTF8.GetBytes("""{"type":"get"}"""), WebSocketMessageType.Text, true, CancellationToken.None);
            answer = await ReceiveJsonAsync(socket);
        }
        while (answer.GetProperty("type").GetString() == "call");

        Assert.Equal("error", answer.GetProperty("type").GetString());
        Assert.Equal(429, answer.GetProperty("status").GetInt32());
        Assert.True(answer.GetProperty("retryAfter").GetInt32() >= 1);
        Assert.Contains("for this call", answer.GetProperty("error").GetString());
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task An_api_key_past_its_rate_gets_429_and_another_key_is_served()
    {
        var agent = host.NewAgent();
        await AssertTooManyAsync(await RequestUntilRefusedAsync(() => agent.Http.GetAsync("api/auth/me"), LimitsHostFixture.PrincipalBurst), "with these credentials");
        Assert.Equal(HttpStatusCode.OK, (await host.NewAgent().Http.GetAsync("api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task New_calls_from_one_address_are_limited_over_http_and_on_the_chat_socket()
    {
        using var web = LoopbackSource.Client(LoopbackSource.Next(), host.BaseAddress);
        var refused = await RequestUntilRefusedAsync(
            () => web.PostAsJsonAsync("api/calls", new { channel = "chat" }), LimitsHostFixture.CallStartsPerMinute, expected: HttpStatusCode.Created);
        await AssertTooManyAsync(refused, "new calls");

        var source = LoopbackSource.Next();
        using var invoker = new HttpMessageInvoker(LoopbackSource.Handler(source));
        var (_, opened) = await WebSocketUpgrade.TryAsync(new Uri($"ws://{host.BaseAddress.Authority}/ws/chat"), invoker: invoker);
        using var socket = opened!;
        for (var i = 0; i < LimitsHostFixture.CallStartsPerMinute; i++)
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes("""{"type":"start"}"""), WebSocketMessageType.Text, true, CancellationToken.None);
            Assert.Equal("started", (await ReceiveJsonAsync(socket)).GetProperty("type").GetString());
        }

        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"type":"start"}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        var error = await ReceiveJsonAsync(socket);
        Assert.Equal(429, error.GetProperty("status").GetInt32());
        Assert.Contains("new calls", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_address_and_per_user_name()
    {
        var user = host.Identities.Next().UserName;
        using var guesser = LoopbackSource.Client(LoopbackSource.Next(), host.BaseAddress);
        var refused = await RequestUntilRefusedAsync(() => SignInAsync(guesser, "nobody-" + Guid.NewGuid().ToString("N")[..6]), LimitsHostFixture.SignInsPerMinute,
            expected: HttpStatusCode.Unauthorized);
        await AssertTooManyAsync(refused, "sign-in attempts");

        // One user name guessed from many addresses: each address has attempts left, the name does not.
        for (var i = 0; i < LimitsHostFixture.SignInsPerMinute; i++)
        {
            using var from = LoopbackSource.Client(LoopbackSource.Next(), host.BaseAddress);
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(from, user)).StatusCode);
        }

        using var another = LoopbackSource.Client(LoopbackSource.Next(), host.BaseAddress);
        using var answer = await SignInAsync(another, user);
        Assert.Equal(HttpStatusCode.TooManyRequests, answer.StatusCode);
        Assert.Contains("sign-in attempts", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Open_connections_from_one_address_are_limited_until_one_closes()
    {
        var source = LoopbackSource.Next();
        using var invoker = new HttpMessageInvoker(LoopbackSource.Handler(source));
        var chat = new Uri($"ws://{host.BaseAddress.Authority}/ws/chat");
        var open = new List<ClientWebSocket>();
        for (var i = 0; i < LimitsHostFixture.ConnectionsPerSource; i++)
        {
            var (status, socket) = await WebSocketUpgrade.TryAsync(chat, invoker: invoker);
            Assert.Equal(HttpStatusCode.SwitchingProtocols, status);
            open.Add(socket!);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await WebSocketUpgrade.StatusAsync(chat, invoker: invoker));
        using var problem = await LoopbackSource.Client(source, host.BaseAddress).GetAsync("api/supervisor/events"); // an event stream counts too
        await AssertTooManyAsync(problem, "open connections");

        // Staff are counted on their own, not by address: a supervisor in the same office still gets the wallboard's stream.
        using var supervisor = LoopbackSource.Client(source, host.BaseAddress, host.Identities.Next(Gateway.Security.Roles.Supervisor).ApiKey);
        using (var stream = await supervisor.GetAsync("api/supervisor/events", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        }

        // One closes: a new one is let in (when the server has seen it close).
        await open[0].CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpStatusCode again;
        while ((again = await WebSocketUpgrade.StatusAsync(chat, invoker: invoker)) == HttpStatusCode.TooManyRequests && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(HttpStatusCode.SwitchingProtocols, again);
        open.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task An_audiosocket_connection_past_the_limit_of_its_address_is_hung_up()
    {
        var source = LoopbackSource.Next();
        using var first = await LoopbackSource.ConnectTcpAsync(source, host.AudioSocketPort);
        await using var firstWriter = new AudioSocketFrameWriter(first.GetStream());
        await firstWriter.WriteUuidAsync(Guid.NewGuid());

        using var second = await LoopbackSource.ConnectTcpAsync(source, host.AudioSocketPort);
        var stream = second.GetStream();
        var header = new byte[3];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await stream.ReadExactlyAsync(header, timeout.Token);
        Assert.Equal((byte)AudioSocketKind.Hangup, header[0]);
        Assert.Equal(0, await stream.ReadAsync(new byte[1], timeout.Token)); // then closed
        await firstWriter.WriteHangupAsync();
    }

    [Fact]
    public async Task Bodies_and_messages_past_the_configured_sizes_are_refused_with_the_limit()
    {
        using var web = LoopbackSource.Client(LoopbackSource.Next(), host.BaseAddress);
        using var large = await web.PostAsync("api/calls", new StringContent($"{{\"customerPhone\":\"{new string('1', LimitsHostFixture.MaxRequestBodyBytes)}\"}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Contains($"{LimitsHostFixture.MaxRequestBodyBytes} bytes", (await large.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());

        var source = LoopbackSource.Next();
        using var invoker = new HttpMessageInvoker(LoopbackSource.Handler(source));
        var (_, chat) = await WebSocketUpgrade.TryAsync(new Uri($"ws://{host.BaseAddress.Authority}/ws/chat"), invoker: invoker);
        using (chat)
        {
            await chat!.SendAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"message\",\"text\":\"{new string('a', LimitsHostFixture.MaxChatMessageBytes)}\"}}"), WebSocketMessageType.Text, true, CancellationToken.None);
            var close = await ReceiveCloseAsync(chat);
            Assert.Equal(WebSocketCloseStatus.MessageTooBig, close.CloseStatus);
            Assert.Contains($"{LimitsHostFixture.MaxChatMessageBytes} bytes", close.CloseStatusDescription);
        }

        // A PCM frame longer than Limits:MaxAudioFrameMilliseconds (here 100 ms: 3,200 bytes at 16 kHz).
        using var ticket = await LoopbackSource.Client(LoopbackSource.Next(), host.BaseAddress).PostAsync("api/media/pcm-token", null);
        var token = (await ticket.Content.ReadFromJsonAsync<PcmTicketResponse>(ApiJson.Options))!.Token;
        using var pcm = new ClientWebSocket();
        await pcm.ConnectAsync(new Uri($"ws://{host.BaseAddress.Authority}/media/pcm?rate=16000&access_token={Uri.EscapeDataString(token)}"), CancellationToken.None);
        await pcm.SendAsync(Encoding.UTF8.GetBytes("""{"type":"start"}"""), WebSocketMessageType.Text, true, CancellationToken.None);
        await pcm.SendAsync(new byte[3202], WebSocketMessageType.Binary, true, CancellationToken.None);
        var pcmClose = await ReceiveCloseAsync(pcm);
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, pcmClose.CloseStatus);
        Assert.Contains("longer than 3200 bytes", pcmClose.CloseStatusDescription);

        // A Twilio message longer than Limits:MaxTwilioMessageBytes.
        var (twilio, order) = await host.Twilio.DialAsync();
        using (twilio)
        {
            await twilio.SendAsync(Encoding.UTF8.GetBytes(TwilioCarrier.ConnectedMessage), WebSocketMessageType.Text, true, CancellationToken.None);
            await twilio.SendAsync(Encoding.UTF8.GetBytes(TwilioCarrier.StartMessage(order, "MZ" + Guid.NewGuid().ToString("N"))), WebSocketMessageType.Text, true, CancellationToken.None);
            await twilio.SendAsync(new byte[LimitsHostFixture.MaxTwilioMessageBytes + 1], WebSocketMessageType.Text, true, CancellationToken.None);
            var twilioClose = await ReceiveCloseAsync(twilio);
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, twilioClose.CloseStatus);
            Assert.Contains($"longer than {LimitsHostFixture.MaxTwilioMessageBytes} bytes", twilioClose.CloseStatusDescription);
        }
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string user) =>
        browser.PostAsync("sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = user, ["password"] = "a guess" }));

    /// <summary>
    /// Sends until a request is refused (the budget is <paramref name="budget"/>; a few more tries cover a refill on the way)
    /// and checks the ones before were answered as usual.
    /// </summary>
    private static async Task<HttpResponseMessage> RequestUntilRefusedAsync(Func<Task<HttpResponseMessage>> send, int budget, HttpStatusCode expected = HttpStatusCode.OK)
    {
        for (var i = 0; i < budget + 5; i++)
        {
            var response = await send();
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(i >= budget, $"refused after {i} requests; the budget is {budget}");
                return response;
            }

            Assert.Equal(expected, response.StatusCode);
            response.Dispose();
        }

        throw new Xunit.Sdk.XunitException($"nothing was refused after {budget + 5} requests");
    }

    private static async Task AssertTooManyAsync(HttpResponseMessage response, string reason)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "Retry-After is missing");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(429, problem.GetProperty("status").GetInt32());
            Assert.Contains(reason, problem.GetProperty("detail").GetString());
            Assert.Contains("Try again in", problem.GetProperty("error").GetString());
        }
    }

    private static async Task<JsonElement> ReceiveJsonAsync(WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        return JsonDocument.Parse(buffer.AsMemory(0, result.Count)).RootElement.Clone();
    }

    private static async Task<WebSocketReceiveResult> ReceiveCloseAsync(WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
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
