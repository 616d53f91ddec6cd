namespace CallCenter.Voice.Engines;

/// <summary>
/// Every decoder stayed busy for the whole wait: more callers are speaking at once than the silo has decoders for.
/// The utterance is lost; the caller can be asked to repeat, and operators raise Voice:PocketSphinx:MaxDecoders (about
/// 115 MB each) or add silos.
/// </summary>
public sealed class SpeechRecognizerBusyException(string message) : TimeoutException(message);
