using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using CallCenter.Gateway.Media.AudioSocket;
using CallCenter.Tests.Infrastructure;
using CallCenter.Tests.Media;
using CallCenter.Tests.Media.AudioSocket;
using CallCenter.Tests.Media.Twilio;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace CallCenter.Tests.Fuzz;

/// <summary>The real host for the network fuzzing: stand-in speech engines (no native decoders), every warning and error kept.</summary>
public sealed class FuzzHostFixture : ApiHostFixture
{
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureHost(WebApplicationBuilder builder) => builder.Logging.AddProvider(Logs);

    protected override Task<Dictionary<string, string?>> ExtraSettingsAsync() => Task.FromResult(new Dictionary<string, string?>
    {
        ["Voice:Engines:Recognizer"] = "PassThrough",
        ["Voice:Engines:Synthesizer"] = "PassThrough",
    });
}

[CollectionDefinition(Name)]
public sealed class FuzzCollection : ICollectionFixture<FuzzHostFixture>
{
    public const string Name = "fuzz";
}

/// <summary>
/// Malformed input through the real host, over real sockets: the JSON API, the chat WebSocket, Twilio Media Streams,
/// the PCM WebSocket and AudioSocket over TCP. Fewer inputs than the parser fuzzing (each is a request or a connection),
/// with what only the network shows: every refusal answered the way the protocol can say it, the call untouched by a
/// refused input (read back through the API before and after), no error logged, and the host still serving.
/// </summary>
[Collection(FuzzCollection.Name)]
public sealed class NetworkFuzzTests(FuzzHostFixture host, ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    private readonly ChatApi _api = new(host.Http);

    [Fact]
    public async Task Json_api_request_bodies_over_http()
    {
        const int count = 2_500;
        var call = await _api.StartAsync("en");
        await _api.SayAsync(call.CallId, "where is my order A1001?");
        var agent = host.NewAgent();
        await agent.SignInAsync("Fuzz", ["en"], ["nothing"]);
        var callerToken = ChatApi.CallerTokens[call.CallId];

        var targets = new (string Path, string Sample)[]
        {
            ("api/calls", """{"channel":"chat","language":"en","customerPhone":"+15550100"}"""),
            ($"api/calls/{call.CallId}/messages", """{"text":"and when will it arrive?"}"""),
            ($"api/calls/{call.CallId}/messages", """{"text":"我的订单A1005到哪了？"}"""),
            ($"api/agents/{agent.AgentId}/state", """{"state":"offline"}"""),
            ($"api/agents/{agent.AgentId}/sign-in", """{"name":"Fuzz","languages":["en","zh"],"domains":["nothing"]}"""),
            ($"api/agents/{agent.AgentId}/close", """{"disposition":"resolved","note":"done"}"""),
            ($"api/agents/{agent.AgentId}/messages", """{"text":"hello"}"""),
        };
        var corpus = targets.Select(t => Encoding.UTF8.GetBytes(t.Sample)).ToArray();
        var snapshot = await host.Http.GetStringAsync($"api/calls/{call.CallId}");
        var statuses = new Dictionary<string, int>();
        await Fuzzer.RunAsync("HTTP JSON API", 7_100_001, count, Bound, (random, i) =>
        {
            var target = random.Next(targets.Length);
            var body = i % 8 == 0 ? Mutations.RandomBytes(random, 300) : i % 2 == 0 ? Mutations.Hostile(random, corpus[target], corpus) : Mutations.Mutate(random, corpus[target], corpus);
            return [(byte)target, (byte)random.Next(6), .. body];
        }, async input =>
        {
            var (path, _) = targets[input[0]];
            HttpRequestMessage Request()
            {
                var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Content(input[1], input.AsMemory(2)) };
                // Each as the one who may: a call's caller with their token, the agent with their key.
                request.Headers.Authorization = path.StartsWith("api/agents", StringComparison.Ordinal)
                    ? agent.Http.DefaultRequestHeaders.Authorization
                    : path.StartsWith("api/calls/", StringComparison.Ordinal) ? new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", callerToken) : null;
                return request;
            }

            HttpResponseMessage response;
            using (var first = Request())
            {
                try
                {
                    response = await host.Http.SendAsync(first);
                }
                catch (HttpRequestException ex) when (ex.StatusCode is null)
                {
                    // Seen only in full-suite runs on the loaded 2-core machine, never for the same input alone: a pooled
                    // keep-alive connection closed under the request ("the response ended prematurely"). The input is sent once more on a new connection;
                    // a server that really fails on it fails again.
                    using var again = Request();
                    again.Version = System.Net.HttpVersion.Version11;
                    again.Headers.ConnectionClose = true;
                    response = await host.Http.SendAsync(again);
                }
            }

            using var _ = response;
            var text = await response.Content.ReadAsStringAsync();

            var status = (int)response.StatusCode;
            Assert.True(status < 500, $"{status}: {text}");
            if (status >= 400)
            {
                AssertError(JsonDocument.Parse(text).RootElement.GetProperty("error").GetString());
            }

            if (path.EndsWith("/messages", StringComparison.Ordinal) && path.StartsWith("api/calls", StringComparison.Ordinal))
            {
                // A refused message leaves the call as it was; an accepted one is the new "as it was".
                var now = await host.Http.GetStringAsync($"api/calls/{call.CallId}");
                if (status >= 400)
                {
                    Assert.Equal(snapshot, now);
                }

                snapshot = now;
            }

            Count(statuses, $"{status}");
        });

        await AssertStillServingAsync("HTTP JSON API", count, statuses);
    }

    [Fact]
    public async Task Chat_websocket_messages()
    {
        const int count = 2_500;
        var corpus = new[]
        {
            """{"type":"message","text":"where is my order A1001?"}""", """{"type":"get"}""", """{"type":"start","channel":"chat","language":"zh"}""",
            """{"type":"message","text":"谢谢"}""", """{"type":"hangup"}""",
        }.Select(Encoding.UTF8.GetBytes).ToArray();
        var chat = await ChatSocket.ConnectAsync(host.BaseAddress);
        var callId = (await chat.ExchangeAsync(new { type = "start", language = "en" })).GetProperty("callId").GetString()!;
        var snapshot = await host.Http.GetStringAsync($"api/calls/{callId}");
        var outcomes = new Dictionary<string, int>();
        await Fuzzer.RunAsync("chat WebSocket", 7_100_002, count, Bound, (random, i) => i % 50 == 49
            ? Encoding.UTF8.GetBytes("{\"type\":\"message\",\"text\":\"" + new string('x', 17_000) + "\"}")
            : i % 10 == 0 ? Mutations.RandomBytes(random, 200) : i % 2 == 0 ? Mutations.Hostile(random, corpus[random.Next(corpus.Length)], corpus) : Mutations.Mutate(random, corpus[random.Next(corpus.Length)], corpus),
        async input =>
        {
            var binary = input.Length % 13 == 0;
            await chat.Socket.SendAsync(input, binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, true, CancellationToken.None);
            if (input.Length > ChatSocketLimit || (!binary && !Utf8.IsValid(input)))
            {
                // Too big for one message: the socket closes with 1009 and the limit. A text frame that is not UTF-8:
                // the WebSocket layer closes with 1007 (invalid payload) before the chat sees it. The call goes on
                // over a new connection, untouched.
                await ReadToCloseAsync(chat.Socket);
                var status = chat.Socket.CloseStatus;
                if (status == WebSocketCloseStatus.MessageTooBig)
                {
                    AssertError(chat.Socket.CloseStatusDescription);
                }
                else
                {
                    // ASP.NET's WebSocket closes with 1007 and drops the connection at once: the close frame may be lost.
                    Assert.True(status is WebSocketCloseStatus.InvalidPayloadData or null, $"closed with {status}");
                }

                chat.Dispose();
                chat = await ChatSocket.ConnectAsync(host.BaseAddress, callId);
                Assert.Equal(snapshot, await host.Http.GetStringAsync($"api/calls/{callId}"));
                Count(outcomes, status is null ? "dropped (invalid UTF-8)" : $"closed {(int)status}");
                return;
            }

            var answer = await chat.ReceiveAnswerAsync();
            var type = answer.GetProperty("type").GetString();
            if (type == "error")
            {
                AssertError(answer.GetProperty("error").GetString());
                Assert.Equal(snapshot, await host.Http.GetStringAsync($"api/calls/{callId}"));
                Count(outcomes, "error " + answer.GetProperty("status").GetInt32());
                return;
            }

            // Accepted: a new call, a reply, the call read or ended. Keep going on a call in progress.
            if (type == "started")
            {
                // The caller now talks in the new call, with the token its start gave.
                callId = answer.GetProperty("callId").GetString()!;
                ChatApi.CallerTokens[callId] = answer.GetProperty("callerToken").GetString()!;
            }
            else if (type == "ended")
            {
                callId = (await chat.ExchangeAsync(new { type = "start", language = "en" })).GetProperty("callId").GetString()!;
            }

            snapshot = await host.Http.GetStringAsync($"api/calls/{callId}");
            Count(outcomes, type!);
        });

        chat.Dispose();
        await AssertStillServingAsync("chat WebSocket", count, outcomes);
    }

    [Fact]
    public async Task Twilio_media_stream_connections()
    {
        const int count = 400;
        var corpus = new[] { TwilioSamples.MediaMessage(), TwilioSamples.Mark(), TwilioSamples.Dtmf, TwilioSamples.Connected, TwilioSamples.Start }.Select(TwilioSamples.Utf8).ToArray();
        var outcomes = new Dictionary<string, int>();
        await Fuzzer.RunAsync("Twilio WebSocket", 7_100_003, count, Bound, (random, i) =>
            i % 4 == 0 ? Mutations.RandomBytes(random, 100) : Mutations.Hostile(random, corpus[random.Next(corpus.Length)], corpus),
        async input =>
        {
            // Twilio's way in: the signed voice webhook, then the signed stream its TwiML names.
            var (socket, order) = await host.Twilio.DialAsync();
            using var _ = socket;
            var callSid = order.CallSid;
            var beforeStart = input.Length % 5 == 0;
            string? snapshot = null;
            if (!beforeStart)
            {
                await SendTextAsync(socket, TwilioSamples.Connected);
                await SendTextAsync(socket, TwilioSamples.Start.Replace(TwilioSamples.CallSid, callSid, StringComparison.Ordinal));
                snapshot = Transcript(await WaitForCallAsync(callSid));
            }

            // What the protocol makes of the input: the parser and the stream's rules, as the endpoint applies them.
            var textual = Utf8.IsValid(input);
            var refused = !textual || input.Length > CallCenter.Gateway.Media.Twilio.TwilioMediaEndpoint.MaxMessageBytes
                || !TwilioAccepts(input, beforeStart ? null : callSid);
            await socket.SendAsync(input, WebSocketMessageType.Text, true, CancellationToken.None);
            if (refused)
            {
                // Refused: Twilio's stream is closed with 1008 and the reason (its only way to say it), or with 1007 by
                // the WebSocket layer for a text frame that is not UTF-8 (which may drop the connection at once); the
                // call ends with the stream, and keeps every turn it had and nothing more.
                await ReadToCloseAsync(socket);
                if (textual)
                {
                    Assert.Equal(WebSocketCloseStatus.PolicyViolation, socket.CloseStatus);
                    AssertError(socket.CloseStatusDescription);
                }
                else
                {
                    Assert.True(socket.CloseStatus is WebSocketCloseStatus.InvalidPayloadData or null, $"closed with {socket.CloseStatus}");
                }

                if (snapshot is not null)
                {
                    Assert.Equal(snapshot, Transcript(await host.Http.GetStringAsync($"api/calls/{callSid}")));
                }

                Count(outcomes, $"{(socket.CloseStatus is { } code ? $"closed {(int)code}" : "dropped (invalid UTF-8)")}{(beforeStart ? " before start" : "")}");
                return;
            }

            // Accepted: the stream goes on until Twilio closes it, and the close handshake completes.
            try
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            }
            catch (WebSocketException)
            {
            }

            Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
            Count(outcomes, "accepted");
        });

        Assert.True(outcomes.Where(o => !o.Key.StartsWith("accepted", StringComparison.Ordinal)).Sum(o => o.Value) > count / 2, string.Join(", ", outcomes));
        await AssertStillServingAsync("Twilio WebSocket", count, outcomes);
    }

    [Fact]
    public async Task Pcm_websocket_messages_and_frames()
    {
        const int messages = 1_500;
        const int frames = 60;
        var corpus = new[]
        {
            """{"type":"dtmf","digit":"1"}""", """{"type":"dtmf","digit":7}""", """{"type":"start","language":"zh"}""", """{"type":"hangup"}""",
        }.Select(Encoding.UTF8.GetBytes).ToArray();
        var outcomes = new Dictionary<string, int>();
        var (socket, callId) = await StartPcmAsync();
        var snapshot = await host.Http.GetStringAsync($"api/calls/{callId}");
        await Fuzzer.RunAsync("PCM WebSocket text", 7_100_004, messages, Bound, (random, i) =>
            i % 10 == 0 ? Mutations.RandomBytes(random, 100) : Mutations.Hostile(random, corpus[random.Next(corpus.Length)], corpus),
        async input =>
        {
            await socket.SendAsync(input, WebSocketMessageType.Text, true, CancellationToken.None);
            if (!Utf8.IsValid(input) || input.Length > PcmTextLimit)
            {
                // Not UTF-8 (refused by the WebSocket layer, which may drop the connection with its 1007) or longer than
                // any frame (closed with 1007 and the reason); the call ends with its connection and keeps its turns.
                await ReadToCloseAsync(socket);
                if (input.Length > PcmTextLimit)
                {
                    Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, socket.CloseStatus);
                    AssertError(socket.CloseStatusDescription);
                }
                else
                {
                    Assert.True(socket.CloseStatus is WebSocketCloseStatus.InvalidPayloadData or null, $"closed with {socket.CloseStatus}");
                }

                Assert.Equal(Transcript(snapshot), Transcript(await host.Http.GetStringAsync($"api/calls/{callId}")));
                Count(outcomes, "closed 1007");
                socket.Dispose();
                (socket, callId) = await StartPcmAsync();
                snapshot = await host.Http.GetStringAsync($"api/calls/{callId}");
                return;
            }

            // A probe that is always refused marks the end of the answers to the input: whatever error came first was
            // for it. (A hangup closes the socket: the probe may then find it closed, or be what makes it drop.)
            var errors = new List<string>();
            try
            {
                await SendTextAsync(socket, """{"type":"probe"}""");
                while (socket.State == WebSocketState.Open)
                {
                    var message = await ReceiveTextAsync(socket);
                    if (message is null)
                    {
                        break;
                    }

                    using var json = JsonDocument.Parse(message);
                    if (json.RootElement.GetProperty("type").GetString() == "error")
                    {
                        var error = json.RootElement.GetProperty("error").GetString()!;
                        if (error.Contains("\"probe\"", StringComparison.Ordinal))
                        {
                            break;
                        }

                        errors.Add(error);
                    }
                }
            }
            catch (WebSocketException)
            {
            }

            if (socket.State != WebSocketState.Open)
            {
                // A hangup (accepted): a new call on a new socket.
                Count(outcomes, "hung up");
                socket.Dispose();
                (socket, callId) = await StartPcmAsync();
                snapshot = await host.Http.GetStringAsync($"api/calls/{callId}");
                return;
            }

            var now = await host.Http.GetStringAsync($"api/calls/{callId}");
            if (errors.Count > 0)
            {
                AssertError(Assert.Single(errors));
                Assert.Equal(snapshot, now);
            }

            snapshot = now;
            Count(outcomes, errors.Count > 0 ? "error event" : "accepted");
        });
        socket.Dispose();

        await Fuzzer.RunAsync("PCM WebSocket frames", 7_100_005, frames, Bound, (random, _) =>
            new byte[random.Next(2) == 0 ? 2 * random.Next(0, PcmTextLimit / 2) + 1 : random.Next(PcmTextLimit + 1, 3 * PcmTextLimit)], async input =>
        {
            var (pcm, id) = await StartPcmAsync();
            using var _ = pcm;
            var before = Transcript(await host.Http.GetStringAsync($"api/calls/{id}"));
            await pcm.SendAsync(input, WebSocketMessageType.Binary, true, CancellationToken.None);

            // An impossible audio frame closes the socket with 1007 and the reason; the call keeps what it had.
            await ReadToCloseAsync(pcm);
            Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, pcm.CloseStatus);
            AssertError(pcm.CloseStatusDescription);
            Assert.Equal(before, Transcript(await host.Http.GetStringAsync($"api/calls/{id}")));
            Count(outcomes, "frame closed 1007");
        });

        await AssertStillServingAsync("PCM WebSocket", messages + frames, outcomes);
    }

    [Fact]
    public async Task AudioSocket_connections()
    {
        const int count = 300;
        var corpus = new[]
        {
            AudioSocketStreams.Frame(0x10, 320, AudioSocketStreams.AudioBytes()), AudioSocketStreams.Frame(0x03, 1, "5"u8.ToArray()),
            AudioSocketStreams.Frame(0x00, 0), AudioSocketStreams.Frame(0xff, 1, [1]),
        };
        var outcomes = new Dictionary<string, int>();
        await Fuzzer.RunAsync("AudioSocket TCP", 7_100_006, count, Bound, (random, i) => i % 5 == 0
            ? Mutations.RandomBytes(random, 60)
            : Mutations.Mutate(random, corpus[random.Next(corpus.Length)], corpus), async input =>
        {
            var callId = Guid.NewGuid();
            var uuid = AudioSocketStreams.Frame(0x01, 16, callId.ToByteArray(bigEndian: true));
            byte[] hangup = AudioSocketStreams.Frame(0x00, 0);
            var (expectError, atOnce) = await VerdictAsync([.. uuid, .. input, .. hangup]);
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, host.AudioSocketPort);
            var stream = tcp.GetStream();
            await stream.WriteAsync(uuid);
            var snapshot = Transcript(await WaitForCallAsync(callId.ToString("D")));

            // The input, a hangup after it (if the input left the stream readable), and the end of what we send, in one
            // write: bytes the server never reads would make its close a reset that can lose its error frame.
            await stream.WriteAsync((byte[])[.. input, .. hangup]);
            tcp.Client.Shutdown(SocketShutdown.Send);
            var answer = await ReadToEndAsync(stream);

            // Refused exactly when the protocol says so: an error frame (0xff) back, then the connection closes; a frame
            // refused before anything else was accepted leaves the call's turns as they were.
            var refused = ContainsFrame(answer, 0xff);
            Assert.Equal(expectError, refused);
            if (refused && atOnce)
            {
                Assert.Equal(snapshot, Transcript(await host.Http.GetStringAsync($"api/calls/{callId:D}")));
            }

            Count(outcomes, refused ? "error frame" : "accepted, then hung up");
        });

        await AssertStillServingAsync("AudioSocket TCP", count, outcomes);
    }

    private const int ChatSocketLimit = 16 * 1024;

    /// <summary>The PCM socket's receive buffer at 8 kHz: its largest frame.</summary>
    private static readonly int PcmTextLimit = new CallCenter.Gateway.Media.Pcm.PcmAudioFormat(8000).MaxFrameBytes;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A body as clients get it wrong: mostly JSON, sometimes another type, none, chunked, or a false charset.</summary>
    private static HttpContent Content(byte variant, ReadOnlyMemory<byte> body)
    {
        HttpContent content = variant == 5 ? new StreamContent(new MemoryStream(body.ToArray())) : new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = variant switch
        {
            1 => new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain"),
            2 => null,
            3 => System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=utf-16"),
            _ => new System.Net.Http.Headers.MediaTypeHeaderValue("application/json"),
        };
        return content;
    }

    private async Task<(ClientWebSocket Socket, string CallId)> StartPcmAsync()
    {
        var socket = await host.ConnectPcmAsync(8000);
        await SendTextAsync(socket, """{"type":"start","language":"en"}""");
        while (true)
        {
            var message = await ReceiveTextAsync(socket) ?? throw new InvalidOperationException("The PCM socket closed before starting.");
            using var json = JsonDocument.Parse(message);
            if (json.RootElement.GetProperty("type").GetString() == "started")
            {
                var callId = json.RootElement.GetProperty("callId").GetString()!;
                await WaitForCallAsync(callId);
                return (socket, callId);
            }
        }
    }

    /// <summary>The call as the API shows it once it exists (a media start reaches the grain a moment after the socket).</summary>
    private async Task<string> WaitForCallAsync(string callId)
    {
        for (var i = 0; ; i++)
        {
            using var response = await host.Http.GetAsync($"api/calls/{callId}");
            if (response.StatusCode == HttpStatusCode.OK || i == 100)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return await response.Content.ReadAsStringAsync();
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The call's turns: what a refused input must not change (a voice call's status ends with its connection).</summary>
    private static string Transcript(string call) => JsonDocument.Parse(call).RootElement.GetProperty("turns").GetRawText();

    private static Task SendTextAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next text message (binary audio skipped), or null once the server closed.</summary>
    private static async Task<string?> ReceiveTextAsync(WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                length += result.Count;
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            if (result.MessageType == WebSocketMessageType.Text)
            {
                return Encoding.UTF8.GetString(buffer, 0, length);
            }
        }
    }

    private static async Task ReadToCloseAsync(WebSocket socket)
    {
        try
        {
            while (await ReceiveTextAsync(socket) is not null)
            {
            }
        }
        catch (WebSocketException)
        {
            // The server went away without a close handshake: CloseStatus stays empty and the assertion says so.
        }
    }

    private static async Task<byte[]> ReadToEndAsync(NetworkStream stream)
    {
        var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received);
        }
        catch (IOException)
        {
        }

        return received.ToArray();
    }

    /// <summary>Whether a Twilio stream takes the message: before start (no <paramref name="callSid"/>), or after connected and start.</summary>
    private static bool TwilioAccepts(byte[] input, string? callSid)
    {
        var parser = new CallCenter.Gateway.Media.Twilio.TwilioMessageParser();
        var session = new CallCenter.Gateway.Media.Twilio.TwilioStreamSession();
        if (callSid is not null)
        {
            session.Receive(parser.Parse(TwilioSamples.Utf8(TwilioSamples.Connected)));
            session.Receive(parser.Parse(TwilioSamples.Utf8(TwilioSamples.Start.Replace(TwilioSamples.CallSid, callSid, StringComparison.Ordinal))));
        }

        var result = parser.Parse(input);
        return session.Receive(in result).IsAccepted;
    }

    /// <summary>
    /// What the AudioSocket protocol makes of a stream (the frame reader over the same bytes): whether it ends in an
    /// error (a bad frame, or an error frame from Asterisk) before a hangup, and whether that was the first frame after the UUID.
    /// </summary>
    private static async Task<(bool Error, bool AtOnce)> VerdictAsync(byte[] stream)
    {
        await using var reader = AudioSocketStreams.ReaderOver(stream);
        for (var frames = 0; ; frames++)
        {
            var read = await reader.ReadFrameAsync();
            if (read.Status == AudioSocketReadStatus.Error || (read.IsFrame && read.Frame.Kind == AudioSocketKind.Error))
            {
                return (true, frames == 1);
            }

            if (read.Status == AudioSocketReadStatus.EndOfStream || read.Frame.Kind == AudioSocketKind.Hangup)
            {
                return (false, false);
            }
        }
    }

    /// <summary>Whether the bytes from the server, read frame by frame, hold a frame of this kind.</summary>
    private static bool ContainsFrame(byte[] bytes, byte kind)
    {
        for (var at = 0; at + 3 <= bytes.Length; at += 3 + (bytes[at + 1] << 8 | bytes[at + 2]))
        {
            if (bytes[at] == kind) return true;
        }

        return false;
    }

    private static void AssertError(string? error)
    {
        Assert.False(string.IsNullOrWhiteSpace(error), "a refusal says what is wrong");
        Assert.InRange(error!.Length, 10, 400);
    }

    private static void Count(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    /// <summary>After the run: nothing was logged as an error (no unhandled exception anywhere) and the host still holds a conversation.</summary>
    private async Task AssertStillServingAsync(string channel, int count, Dictionary<string, int> outcomes)
    {
        output.WriteLine($"{channel}: {count:N0} inputs; {string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value:N0}"))}");
        var errors = host.Logs.Entries.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Category}: {e.Message} {e.Exception}").ToList();
        foreach (var error in errors.Take(5))
        {
            output.WriteLine(error);
        }

        Assert.Empty(errors);
        Assert.StartsWith("Healthy", await host.Http.GetStringAsync("healthz"), StringComparison.Ordinal);
        var call = await _api.StartAsync("en");
        Assert.Contains("A1001", (await _api.SayAsync(call.CallId, "where is my order A1001?")).Reply);
    }
}
