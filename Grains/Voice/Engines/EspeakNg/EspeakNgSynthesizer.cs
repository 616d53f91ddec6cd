using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using CallCenter.Calls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Voice.Engines.EspeakNg;

/// <summary>Configuration section "Voice:Espeak".</summary>
public sealed class EspeakOptions
{
    public const string Section = "Voice:Espeak";

    public int WordsPerMinute { get; set; } = 165;
    public string EnglishVoice { get; set; } = "en-us";
    public string ChineseVoice { get; set; } = "cmn";
}

/// <summary>
/// The embedded synthesizer: espeak-ng from Debian (libespeak-ng.so.1) through P/Invoke, 22,050 Hz 16-bit mono.
/// espeak-ng keeps global state and is not thread-safe, so every call into it runs on one dedicated thread that takes
/// sentences from a queue; cancellation aborts the sentence being synthesized from inside espeak's callback.
/// </summary>
public sealed class EspeakNgSynthesizer : ISpeechSynthesizer, IDisposable
{
    private readonly BlockingCollection<Job> _jobs = new();
    private readonly Thread _worker;
    private readonly EspeakOptions _options;
    private readonly ILogger<EspeakNgSynthesizer> _logger;
    private readonly TaskCompletionSource<int> _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // The native callback must stay alive as long as espeak may call it.
    private readonly Native.SynthCallback _callback;
    private Job? _current;
    private string? _voice;

    public EspeakNgSynthesizer(IOptions<EspeakOptions> options, ILogger<EspeakNgSynthesizer> logger)
    {
        _options = options.Value;
        _logger = logger;
        _callback = OnAudio;
        _worker = new Thread(Run) { IsBackground = true, Name = "espeak-ng" };
        _worker.Start();
        SampleRate = _initialized.Task.GetAwaiter().GetResult();
    }

    public int SampleRate { get; }

    public Task<short[]> SynthesizeAsync(string sentence, Language language, CancellationToken cancellationToken)
    {
        var job = new Job(sentence, language == Language.Zh ? _options.ChineseVoice : _options.EnglishVoice, cancellationToken);
        _jobs.Add(job, cancellationToken);
        return job.Done.Task;
    }

    public void Dispose() => _jobs.CompleteAdding();

    private void Run()
    {
        int rate;
        try
        {
            rate = Native.espeak_Initialize(Native.AudioOutputSynchronous, 0, IntPtr.Zero, 0);
            if (rate <= 0)
            {
                throw new InvalidOperationException($"espeak_Initialize failed ({rate}); is espeak-ng-data installed?");
            }

            Native.espeak_SetSynthCallback(_callback);
            Native.espeak_SetParameter(Native.ParameterRate, _options.WordsPerMinute, 0);
            _initialized.SetResult(rate);
        }
        catch (Exception ex)
        {
            _initialized.SetException(new InvalidOperationException(
                "The embedded synthesizer needs libespeak-ng1 and espeak-ng-data (apt-get install libespeak-ng1 espeak-ng-data).", ex));
            return;
        }

        foreach (var job in _jobs.GetConsumingEnumerable())
        {
            if (job.Cancellation.IsCancellationRequested)
            {
                job.Done.TrySetCanceled(job.Cancellation);
                continue;
            }

            try
            {
                if (_voice != job.Voice)
                {
                    Check(Native.espeak_SetVoiceByName(job.Voice), $"voice '{job.Voice}'");
                    _voice = job.Voice;
                }

                _current = job;
                var text = Encoding.UTF8.GetBytes(job.Text + "\0");
                Check(Native.espeak_Synth(text, (nuint)text.Length, 0, Native.PositionCharacter, 0, Native.CharsUtf8, IntPtr.Zero, IntPtr.Zero), "synthesis");
                if (job.Cancellation.IsCancellationRequested)
                {
                    job.Done.TrySetCanceled(job.Cancellation);
                }
                else
                {
                    job.Done.TrySetResult([.. job.Samples]);
                }
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "espeak-ng could not speak a sentence.");
                job.Done.TrySetException(ex);
            }
            finally
            {
                _current = null;
            }
        }
    }

    /// <summary>espeak's audio callback: collects samples; returning 1 aborts synthesis (barge-in).</summary>
    private int OnAudio(IntPtr wav, int samples, IntPtr events)
    {
        var job = _current;
        if (job is null)
        {
            return 0;
        }

        if (job.Cancellation.IsCancellationRequested)
        {
            return 1;
        }

        if (wav != IntPtr.Zero && samples > 0)
        {
            var chunk = new short[samples];
            Marshal.Copy(wav, chunk, 0, samples);
            job.Samples.AddRange(chunk);
        }

        return 0;
    }

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"espeak-ng failed at {what} (error {result}).");
        }
    }

    private sealed record Job(string Text, string Voice, CancellationToken Cancellation)
    {
        public List<short> Samples { get; } = [];
        public TaskCompletionSource<short[]> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static class Native
    {
        private const string Library = "libespeak-ng.so.1";
        public const int AudioOutputSynchronous = 2;
        public const int PositionCharacter = 1;
        public const uint CharsUtf8 = 1;
        public const int ParameterRate = 1;

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        public delegate int SynthCallback(IntPtr wav, int numSamples, IntPtr events);

        [DllImport(Library)] public static extern int espeak_Initialize(int output, int bufferLength, IntPtr path, int options);
        [DllImport(Library)] public static extern void espeak_SetSynthCallback(SynthCallback callback);
        [DllImport(Library)] public static extern int espeak_SetVoiceByName([MarshalAs(UnmanagedType.LPUTF8Str)] string name);
        [DllImport(Library)] public static extern int espeak_SetParameter(int parameter, int value, int relative);
        [DllImport(Library)] public static extern int espeak_Synth(byte[] text, nuint size, uint position, int positionType, uint endPosition, uint flags, IntPtr uniqueIdentifier, IntPtr userData);
    }
}
