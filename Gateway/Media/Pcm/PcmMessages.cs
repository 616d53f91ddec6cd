using CallCenter.Calls;

namespace CallCenter.Gateway.Media.Pcm;

/// <summary>
/// A control message from the app or browser, a JSON text frame on the raw-PCM WebSocket:
/// <c>{"type":"start","language":"en"|"zh","customerPhone":"+15550100"}</c>, <c>{"type":"dtmf","digit":"1"}</c>,
/// <c>{"type":"hangup"}</c>. Audio travels separately, as binary frames.
/// </summary>
public abstract record PcmClientMessage;

/// <summary>
/// Starts the call. The language is required (unlike the chat API): speech recognition must know it before the first
/// word, and there is no text yet to detect it from. <see cref="CustomerPhone"/> identifies the customer, as in chat.
/// </summary>
public sealed record PcmStart(Language Language, string? CustomerPhone) : PcmClientMessage;

/// <summary>A key pressed on the app's keypad.</summary>
public sealed record PcmDtmf(char Digit) : PcmClientMessage;

public sealed record PcmHangup : PcmClientMessage;

/// <summary>A message from us to the app or browser, written as a JSON text frame with a "type" field.</summary>
public abstract record PcmServerMessage;

/// <summary><c>{"type":"started","callId"}</c>: the call exists; audio may flow.</summary>
public sealed record PcmStarted(string CallId) : PcmServerMessage;

/// <summary><c>{"type":"transcript","text","final"}</c>: what the recognizer heard; partial results are replaced by later ones.</summary>
public sealed record PcmTranscript(string Text, bool Final) : PcmServerMessage;

/// <summary><c>{"type":"reply","text"}</c>: the bot's reply as text, sent alongside its synthesized audio.</summary>
public sealed record PcmReply(string Text) : PcmServerMessage;

/// <summary><c>{"type":"emotion","score","trend"}</c>: the call's rolling emotion score in [-1, 1] and its trend per turn.</summary>
public sealed record PcmEmotion(double Score, double Trend) : PcmServerMessage;

/// <summary><c>{"type":"clear"}</c>: barge-in; the client drops the bot audio it has queued but not yet played.</summary>
public sealed record PcmClear : PcmServerMessage;

/// <summary><c>{"type":"status","status":"waiting_for_agent"}</c>: the call's status changed (snake_case, as in the chat API).</summary>
public sealed record PcmStatus(CallStatus Status) : PcmServerMessage;

/// <summary>
/// <c>{"type":"error","error"}</c>: a message or frame was refused; the connection carries on unless it is closed. A busy
/// answer adds <c>"status":503</c> and <c>"retryAfter"</c> (seconds), and the socket then closes with 1013.
/// </summary>
public sealed record PcmError(string Error, int? Status = null, int? RetryAfterSeconds = null) : PcmServerMessage;
