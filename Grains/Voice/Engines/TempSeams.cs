using CallCenter.Calls;
namespace CallCenter.Voice.Engines;
public interface ISpeechRecognizer { int SampleRate { get; } IRecognitionSession StartSession(Language language); }
public interface IRecognitionSession : IDisposable { void AcceptAudio(ReadOnlySpan<short> pcm); RecognitionResult? Partial(); RecognitionResult Finish(); }
public interface ISpeechSynthesizer { int SampleRate { get; } Task<short[]> SynthesizeAsync(string sentence, Language language, CancellationToken cancellationToken); }
