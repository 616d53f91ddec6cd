using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using System.Xml.Linq;
using CallCenter.Gateway.Security;

namespace CallCenter.FakeTwilio;

/// <summary>What the voice webhook's TwiML told Twilio: where to stream the call's audio, with which parameters.</summary>
public sealed record TwilioStreamOrder(string CallSid, Uri StreamUrl, IReadOnlyDictionary<string, string> Parameters);

/// <summary>
/// Twilio's side of an incoming call to a number whose voice webhook is this engine's /twilio/voice, as Twilio does it:
/// the webhook POST (form fields, signed with X-Twilio-Signature over the URL and the sorted fields), the TwiML answer's
/// &lt;Connect&gt;&lt;Stream&gt; read, then the WebSocket upgrade to the stream URL, signed over that wss/ws URL. The
/// messages on the stream are the caller's to send (<see cref="StartMessage"/> builds Twilio's first two).
/// </summary>
public sealed class TwilioCarrier(Uri engine, string authToken, HttpMessageInvoker? http = null)
{
    public const string AccountSid = "AC00000000000000000000000000000000";

    private static readonly HttpClient Shared = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Uri Engine => engine;

    public static string NewCallSid() => "CA" + Guid.NewGuid().ToString("N");

    /// <summary>Calls the voice webhook as Twilio does when a call comes in, and reads the stream it is told to open.</summary>
    public async Task<TwilioStreamOrder> AnswerAsync(string callSid, string? from = null, string? language = null, CancellationToken cancellationToken = default)
    {
        var url = new Uri(engine, "twilio/voice" + (language is null ? "" : "?language=" + Uri.EscapeDataString(language))).ToString();
        var form = new Dictionary<string, string>
        {
            ["AccountSid"] = AccountSid, ["ApiVersion"] = "2010-04-01", ["CallSid"] = callSid, ["CallStatus"] = "ringing",
            ["Direction"] = "inbound", ["From"] = from ?? "", ["To"] = "+18005550100",
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioSignature.Header, TwilioSignature.Compute(authToken, url, form));
        using var response = await (http ?? Shared).SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The voice webhook answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
        }

        var stream = XDocument.Parse(body).Root?.Element("Connect")?.Element("Stream")
            ?? throw new InvalidOperationException("The TwiML has no <Connect><Stream>: " + body);
        var parameters = stream.Elements("Parameter").ToDictionary(p => (string)p.Attribute("name")!, p => (string)p.Attribute("value")!);
        return new TwilioStreamOrder(callSid, new Uri((string)stream.Attribute("url")!), parameters);
    }

    /// <summary>
    /// Opens the stream as Twilio does: the WebSocket upgrade to the TwiML's URL, signed over that URL. A wrong
    /// <paramref name="signature"/> (or none: empty) may be given to play an impostor.
    /// </summary>
    public async Task<ClientWebSocket> ConnectAsync(
        TwilioStreamOrder order, string? signature = null, Action<ClientWebSocketOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        configure?.Invoke(socket.Options);
        var sign = signature ?? TwilioSignature.Compute(authToken, order.StreamUrl.ToString());
        if (sign.Length > 0)
        {
            socket.Options.SetRequestHeader(TwilioSignature.Header, sign);
        }

        try
        {
            await (http is null ? socket.ConnectAsync(order.StreamUrl, cancellationToken) : socket.ConnectAsync(order.StreamUrl, http, cancellationToken));
            return socket;
        }
        catch
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            if (status != 0)
            {
                throw new TwilioStreamRefusedException(status);
            }

            throw;
        }
    }

    /// <summary>A call coming in: the webhook, then the stream.</summary>
    public async Task<(ClientWebSocket Socket, TwilioStreamOrder Order)> DialAsync(
        string? callSid = null, string? from = null, string? language = null, CancellationToken cancellationToken = default)
    {
        var order = await AnswerAsync(callSid ?? NewCallSid(), from, language, cancellationToken);
        return (await ConnectAsync(order, cancellationToken: cancellationToken), order);
    }

    /// <summary>Twilio's "connected" message, always first on a stream.</summary>
    public static string ConnectedMessage => """{"event":"connected","protocol":"Call","version":"1.0.0"}""";

    /// <summary>Twilio's "start" message: the call, the stream, the TwiML's parameters, μ-law at 8 kHz.</summary>
    public static string StartMessage(TwilioStreamOrder order, string streamSid, int sequenceNumber = 1, string? callSid = null) => JsonSerializer.Serialize(new
    {
        @event = "start",
        sequenceNumber = sequenceNumber.ToString(CultureInfo.InvariantCulture),
        streamSid,
        start = new
        {
            accountSid = AccountSid, streamSid, callSid = callSid ?? order.CallSid, tracks = new[] { "inbound" }, customParameters = order.Parameters,
            mediaFormat = new { encoding = "audio/x-mulaw", sampleRate = 8000, channels = 1 },
        },
    });
}

/// <summary>The engine refused the stream's WebSocket upgrade with an HTTP status.</summary>
public sealed class TwilioStreamRefusedException(System.Net.HttpStatusCode status)
    : HttpRequestException($"The stream's upgrade was refused with {(int)status}.", null, status)
{
    public System.Net.HttpStatusCode Status => status;
}
