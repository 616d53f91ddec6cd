using System.Net.WebSockets;
using System.Text.Json;
using CallCenter.Calls;
using CallCenter.Gateway.Holds;
using CallCenter.Gateway.Hosting;
using CallCenter.Gateway.Limits;
using CallCenter.Gateway.Security;
using Microsoft.Extensions.Options;

namespace CallCenter.Gateway.Chat;

/// <summary>
/// The text channel over a WebSocket at /ws/chat, carrying the same messages as the HTTP API as JSON text frames.
/// In: {"type":"start",...StartCallRequest} | {"type":"message","text"} | {"type":"get"} | {"type":"hangup"}
/// (or connect with ?callId= to continue an existing call). Out: {"type":"started"|"reply"|"call"|"ended"|"error", ...},
/// and {"type":"sentence","text"} for each sentence of a reply as soon as it is produced, before its "reply";
/// {"type":"message","from":"agent"|"system","text"} when a human agent (or the system) speaks in the call.
/// An error answers that one message; the connection and the call carry on. Messages count toward the caller's rate
/// (the source address's before there is a call), and a start toward the new calls of the source address: a message
/// over a limit is answered with an error of status 429 and retryAfter, and dropped. While the socket is open this process holds
/// the call (<see cref="CallHolds"/>): should the process die, the call is recorded as dropped; when the socket closes
/// without a hang-up the call carries on unheld (the client may reconnect with ?callId=).
/// </summary>
public static class ChatWebSocket
{
    /// <summary>One chat message is small; a larger one closes the socket with 1009 (message too big). The default of <see cref="LimitOptions.MaxChatMessageBytes"/>.</summary>
    public const int MaxMessageBytes = 16 * 1024;

    public static IEndpointRouteBuilder MapChatWebSocket(this IEndpointRouteBuilder app)
    {
        app.Map("/ws/chat", async (HttpContext http, ChatService chat, CallHolds holds, IGrainFactory grains, RateLimits limits, IOptions<LimitOptions> options) =>
        {
            if (!http.WebSockets.IsWebSocketRequest)
            {
                return ChatEndpoints.Error(ApiProblem.BadRequest("/ws/chat takes WebSocket connections only."));
            }

            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            var sender = new Media.WebSocketSender(socket);
            using var listener = grains.RegisterObserver<Llm.IReplyListener>(new SentenceForwarder(sender));
            var caller = new Caller(limits, RateLimits.Source(http), options.Value.MaxChatMessageBytes);
            CallHold? hold = null;
            try
            {
                await RunAsync(socket, sender, chat, listener.Reference, caller, http.Request.Query["callId"].ToString() is { Length: > 0 } id ? id : null,
                    async callId => { hold?.Dispose(); hold = await TryHoldAsync(holds, callId); }, http.RequestAborted);
            }
            finally
            {
                hold?.Dispose();
            }

            return Results.Empty;
        }).RequireAccess(Surface.ChatSocket).WithLimits(Limit.Connections);
        return app;
    }

    private static async Task RunAsync(
        WebSocket socket, Media.WebSocketSender sender, ChatService chat, Llm.IReplyListener listener, Caller caller, string? callId, Func<string, Task> hold, CancellationToken aborted)
    {
        try
        {
            await ConverseAsync(socket, sender, chat, listener, caller, callId, hold, aborted);
        }
        catch (Exception ex) when (ex is WebSocketException || (ex is OperationCanceledException && aborted.IsCancellationRequested))
        {
            // The client went away, or sent what the WebSocket layer refuses itself (a text frame that is not UTF-8:
            // closed with 1007). Either way this connection is over; its call is not.
        }
    }

    private static async Task ConverseAsync(
        WebSocket socket, Media.WebSocketSender sender, ChatService chat, Llm.IReplyListener listener, Caller caller, string? callId, Func<string, Task> hold,
        CancellationToken aborted)
    {
        var buffer = new byte[caller.MaxMessageBytes];
        var listening = false;
        while (socket.State == WebSocketState.Open && !aborted.IsCancellationRequested)
        {
            var (kind, length) = await Media.WebSocketMessages.ReceiveAsync(socket, buffer, aborted);
            switch (kind)
            {
                case WebSocketMessageType.Close:
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, aborted);
                    return;
                case null:
                    await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"A message may be at most {caller.MaxMessageBytes} bytes.", aborted);
                    return;
                case WebSocketMessageType.Binary:
                    await SendAsync(sender, new { type = "error", status = 400, error = "Binary frames are not accepted here; send JSON text." }, aborted);
                    continue;
            }

            if (caller.Refuse(callId) is { } refused)
            {
                await SendAsync(sender, Problem(refused), aborted);
                continue;
            }

            object answer;
            var before = callId;
            (answer, callId) = await HandleAsync(chat, listener, caller, ChatMessageParser.Parse(buffer.AsSpan(0, length)), callId);
            if (callId is not null && (callId != before || !listening))
            {
                listening = await chat.ListenAsync(callId, listener);
                if (listening)
                {
                    await hold(callId);
                }
            }

            await SendAsync(sender, answer, aborted);
        }
    }

    private static async Task<(object Answer, string? CallId)> HandleAsync(
        ChatService chat, Llm.IReplyListener listener, Caller caller, (ChatCommand? Command, ApiProblem? Problem) parsed, string? callId)
    {
        if (parsed.Problem is { } problem)
        {
            return (Problem(problem), callId);
        }

        if (callId is null && parsed.Command is not ChatCommand.Start)
        {
            return (Problem(ApiProblem.BadRequest("No call yet: send {\"type\":\"start\"} first, or connect with ?callId=.")), callId);
        }

        switch (parsed.Command)
        {
            case ChatCommand.Start start:
            {
                if (caller.RefuseStart() is { } tooMany) return (Problem(tooMany), callId);
                var started = await chat.StartAsync(start.Request);
                return started.Problem is not null ? (Problem(started.Problem), callId) : (With("started", started.Value!), started.Value!.CallId);
            }

            case ChatCommand.Message message:
            {
                var reply = await chat.SendAsync(callId!, message.Request, listener);
                return (reply.Problem is not null ? Problem(reply.Problem) : With("reply", reply.Value!), callId);
            }

            case ChatCommand.Get:
            {
                var call = await chat.GetAsync(callId!);
                return (call.Problem is not null ? Problem(call.Problem) : new { type = "call", call = call.Value }, callId);
            }

            default:
            {
                var call = await chat.HangUpAsync(callId!);
                return (call.Problem is not null ? Problem(call.Problem) : new { type = "ended", call = call.Value }, callId);
            }
        }
    }

    /// <summary>Holds a call this socket now follows; an ended call (or one the engine cannot reach now) is not held.</summary>
    private static async Task<CallHold?> TryHoldAsync(CallHolds holds, string callId)
    {
        try
        {
            return await holds.HoldAsync(callId);
        }
        catch (Exception ex) when (ex is CallEndedException or CallNotFoundException or TimeoutException or OrleansException)
        {
            return null;
        }
    }

    /// <summary>Adds "type" in front of a response's own fields.</summary>
    private static Dictionary<string, object?> With<T>(string type, T value)
    {
        var fields = JsonSerializer.SerializeToElement(value, ApiJson.Options);
        var result = new Dictionary<string, object?> { ["type"] = type };
        foreach (var property in fields.EnumerateObject())
        {
            result[property.Name] = property.Value;
        }

        return result;
    }

    private static object Problem(ApiProblem problem) => problem.RetryAfterSeconds is { } retryAfter
        ? new { type = "error", status = problem.Status, error = problem.Error, retryAfter }
        : new { type = "error", status = problem.Status, error = problem.Error };

    private static Task SendAsync(Media.WebSocketSender sender, object message, CancellationToken cancellationToken) =>
        sender.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message, ApiJson.Options), WebSocketMessageType.Text, cancellationToken);

    /// <summary>The connection's side of the limits: its source address's, and its call's once it has one.</summary>
    private sealed class Caller(RateLimits limits, string source, int maxMessageBytes)
    {
        public int MaxMessageBytes => maxMessageBytes;

        /// <summary>The 429 for a message over the call's rate (or the source's, before a call); null when it may go on.</summary>
        public ApiProblem? Refuse(string? callId) =>
            Refused(callId is null ? limits.Acquire(Limit.Source, source) : limits.Acquire(Limit.Caller, callId), callId is null ? Limit.Source : Limit.Caller);

        public ApiProblem? RefuseStart() => Refused(limits.Acquire(Limit.CallStart, source), Limit.CallStart);

        private ApiProblem? Refused(System.Threading.RateLimiting.RateLimitLease lease, Limit limit)
        {
            using (lease)
            {
                if (lease.IsAcquired)
                {
                    return null;
                }

                var retryAfter = limits.RetryAfterSeconds(lease);
                return ApiProblem.TooManyRequests(limits.Describe(limit, retryAfter), retryAfter);
            }
        }
    }

    /// <summary>Passes a reply's sentences to the connection as they are produced; the reply itself follows when the turn is done.</summary>
    private sealed class SentenceForwarder(Media.WebSocketSender sender) : Llm.IReplyListener
    {
        public Task OnReplySentenceAsync(string callId, string sentence) =>
            SendAsync(sender, new { type = "sentence", callId, text = sentence }, CancellationToken.None);

        public Task OnCallMessageAsync(string callId, string from, string text) =>
            SendAsync(sender, new { type = "message", callId, from, text }, CancellationToken.None);
    }
}
