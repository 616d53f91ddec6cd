using System.Text;

namespace CallCenter.Tests.Media.Twilio;

/// <summary>
/// Inbound messages written the way Twilio documents them for a bidirectional Media Stream (pretty-printed, fields in
/// Twilio's order, numbers as strings where Twilio sends strings).
/// </summary>
public static class TwilioSamples
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string StreamSid = "MZ18ad3ab5a668481ce02b83e7395059f0";
    public const string CallSid = "CA0123456789abcdef0123456789abcdef";

    public const string Connected = """
        {
          "event": "connected",
          "protocol": "Call",
          "version": "1.0.0"
        }
        """;

    public const string Start = $$"""
        {
          "event": "start",
          "sequenceNumber": "1",
          "start": {
            "accountSid": "{{AccountSid}}",
            "streamSid": "{{StreamSid}}",
            "callSid": "{{CallSid}}",
            "tracks": [ "inbound" ],
            "mediaFormat": {
              "encoding": "audio/x-mulaw",
              "sampleRate": 8000,
              "channels": 1
            },
            "customParameters": {
              "from": "+15550100"
            }
          },
          "streamSid": "{{StreamSid}}"
        }
        """;

    /// <summary>20 ms of μ-law: 160 bytes counting down from 0xff (0xff is μ-law silence).</summary>
    public static readonly byte[] MuLawChunk = Enumerable.Range(0, 160).Select(i => (byte)(0xff - i)).ToArray();

    public static string MediaMessage(long sequenceNumber = 2, long chunk = 1, long timestamp = 5, byte[]? payload = null) => $$"""
        {
          "event": "media",
          "sequenceNumber": "{{sequenceNumber}}",
          "media": {
            "track": "inbound",
            "chunk": "{{chunk}}",
            "timestamp": "{{timestamp}}",
            "payload": "{{Convert.ToBase64String(payload ?? MuLawChunk)}}"
          },
          "streamSid": "{{StreamSid}}"
        }
        """;

    public static string Mark(string name = "reply-1", long sequenceNumber = 4) => $$"""
        {
          "event": "mark",
          "sequenceNumber": "{{sequenceNumber}}",
          "streamSid": "{{StreamSid}}",
          "mark": {
            "name": "{{name}}"
          }
        }
        """;

    public const string Dtmf = $$"""
        {
          "event": "dtmf",
          "streamSid": "{{StreamSid}}",
          "sequenceNumber": "5",
          "dtmf": {
            "track": "inbound_track",
            "digit": "1"
          }
        }
        """;

    public const string Stop = $$"""
        {
          "event": "stop",
          "sequenceNumber": "6",
          "streamSid": "{{StreamSid}}",
          "stop": {
            "accountSid": "{{AccountSid}}",
            "callSid": "{{CallSid}}"
          }
        }
        """;

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);
}
