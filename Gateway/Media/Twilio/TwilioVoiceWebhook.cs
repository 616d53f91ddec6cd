using System.Xml.Linq;
using CallCenter.Calls;
using CallCenter.Gateway.Chat;
using CallCenter.Gateway.Limits;
using CallCenter.Gateway.Security;
using Microsoft.Extensions.Options;

namespace CallCenter.Gateway.Media.Twilio;

/// <summary>
/// The voice webhook Twilio calls when a call comes in (the number's "A call comes in" URL, POST or GET; add
/// <c>?language=zh</c> for a Chinese line): signed by Twilio like every request it makes, answered with the TwiML that
/// connects the call's audio to this engine: <c>&lt;Connect&gt;&lt;Stream url="wss://HOST/media/twilio/{ticket}"&gt;</c> with
/// the caller's number as the <c>from</c> parameter. The ticket names the call, is signed by this engine, expires after
/// Security:MediaTicketSeconds and opens one stream, so a captured stream request cannot be replayed.
/// </summary>
public static class TwilioVoiceWebhook
{
    public const string Path = "/twilio/voice";

    public static IEndpointRouteBuilder MapTwilioVoiceWebhook(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], AnswerAsync).RequireAccess(Surface.TwilioWebhook).WithLimits(Limit.TelephonyConnections);
        return app;
    }

    private static async Task<IResult> AnswerAsync(HttpContext http, SignedTokens tokens, IOptions<SecurityOptions> security, IOptions<TwilioOptions> twilio)
    {
        var request = http.Request;
        var values = request.HasFormContentType ? (IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>>)await request.ReadFormAsync() : request.Query;
        var fields = values.ToDictionary(v => v.Key, v => v.Value.ToString(), StringComparer.Ordinal);
        var callSid = fields.GetValueOrDefault("CallSid", "");
        if (callSid.Length is 0 or > 64 || !callSid.All(char.IsAsciiLetterOrDigit))
        {
            return ChatEndpoints.Error(ApiProblem.BadRequest("The webhook request has no valid CallSid."));
        }

        var language = request.Query["language"].ToString();
        if (!ApiJson.TryParseEnum<Language>(language.Length == 0 ? null : language, "language", out _, out var problem))
        {
            return ChatEndpoints.Error(ApiProblem.BadRequest(problem!));
        }

        var ticket = tokens.Issue(TokenPurposes.TwilioStream, callSid, TimeSpan.FromSeconds(security.Value.MediaTicketSeconds));
        var stream = new XElement("Stream", new XAttribute("url", TwilioHandler.Origin(request, twilio.Value.PublicBaseUrl, webSocket: true) + TwilioMediaEndpoint.StreamPath + "/" + ticket));
        if (fields.GetValueOrDefault("From") is { Length: > 0 } from)
        {
            stream.Add(Parameter("from", from));
        }

        if (language.Length > 0)
        {
            stream.Add(Parameter("language", language));
        }

        var twiml = new XDocument(new XDeclaration("1.0", "UTF-8", null), new XElement("Response", new XElement("Connect", stream)));
        return Results.Content(twiml.Declaration + twiml.ToString(SaveOptions.DisableFormatting), "text/xml; charset=utf-8");
    }

    private static XElement Parameter(string name, string value) => new("Parameter", new XAttribute("name", name), new XAttribute("value", value));
}
