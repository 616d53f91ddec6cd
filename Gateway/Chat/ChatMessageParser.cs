using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace CallCenter.Gateway.Chat;

/// <summary>A message of the chat WebSocket: what the client asks for.</summary>
public abstract record ChatCommand
{
    public sealed record Start(StartCallRequest Request) : ChatCommand;

    public sealed record Message(MessageRequest Request) : ChatCommand;

    public sealed record Get : ChatCommand;

    public sealed record HangUp : ChatCommand;
}

/// <summary>
/// Reads the text frames of /ws/chat: {"type":"start",…}, {"type":"message","text"}, {"type":"get"}, {"type":"hangup"}.
/// Pure and total: every frame gives a command or an <see cref="ApiProblem"/> (400) saying what is wrong with it.
/// </summary>
public static class ChatMessageParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    public static (ChatCommand? Command, ApiProblem? Problem) Parse(ReadOnlySpan<byte> utf8)
    {
        // A browser cannot send this (text frames are UTF-8), a broken client can; decoding would silently replace it.
        if (!Utf8.IsValid(utf8))
        {
            return Fail("The message is not valid UTF-8.");
        }

        string? type;
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray(), DocumentOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail($"A message is a JSON object with a \"type\", not {Describe(root.ValueKind)}.");
            }

            type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        }
        catch (JsonException ex)
        {
            return Fail(Media.JsonErrors.Describe(ex));
        }
        catch (InvalidOperationException)
        {
            return Fail(Media.JsonErrors.LoneSurrogate);
        }

        return type switch
        {
            "start" => Read<StartCallRequest>(utf8, request => new ChatCommand.Start(request)),
            "message" => Read<MessageRequest>(utf8, request => new ChatCommand.Message(request)),
            "get" => (new ChatCommand.Get(), null),
            "hangup" => (new ChatCommand.HangUp(), null),
            _ => Fail($"Unknown message type '{Media.JsonErrors.Quote(type ?? "(none)")}'; use start, message, get or hangup."),
        };
    }

    private static (ChatCommand?, ApiProblem?) Read<T>(ReadOnlySpan<byte> utf8, Func<T, ChatCommand> command) where T : class
    {
        var body = JsonBody.Parse<T>(utf8);
        return body.Problem is not null ? (null, body.Problem) : (command(body.Value!), null);
    }

    private static (ChatCommand?, ApiProblem?) Fail(string error) => (null, ApiProblem.BadRequest(error));

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
