using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using static CallCenter.Voice.Engines.EspeakNative;

namespace CallCenter.Voice.Engines;

/// <summary>Receives synthesized audio as it is produced, on the synthesis thread; keep it short.</summary>
public delegate void AudioChunkHandler(ReadOnlySpan<short> samples);

/// <summary>
/// The one thread that talks to espeak-ng. The library keeps its voice, parameters, callback and buffers in global
/// variables and is not thread-safe, so the process has exactly one worker (a static instance, whatever the number of
/// synthesizers), which initializes the library and then runs queued sentences one after the other. espeak_Synth runs
/// synchronously on this thread and hands audio to a static callback; returning 1 from it aborts the sentence, which is
/// how cancellation stops synthesis early.
/// </summary>
internal sealed class EspeakWorker
{
    private static readonly Lazy<EspeakWorker> Shared = new(() => new EspeakWorker(), LazyThreadSafetyMode.ExecutionAndPublication);

    // Kept in a static field for the life of the process: espeak-ng holds a raw pointer to it.
    private static readonly SynthCallback Callback = OnAudio;

    // Only the worker thread touches these two: the sentence being synthesized and a copy buffer for its audio.
    private static Job? _running;
    private static short[] _chunk = new short[4096];

    private readonly BlockingCollection<Job> _queue = [];
    private readonly TaskCompletionSource<int> _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _voice;
    private VoiceSettings? _settings;

    private EspeakWorker()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "espeak-ng synthesis" };
        thread.Start();
    }

    public static EspeakWorker Instance => Shared.Value;

    /// <summary>The library's output rate (22,050 Hz); throws when espeak-ng could not be initialized.</summary>
    public int SampleRate => _initialized.Task.GetAwaiter().GetResult();

    /// <summary>Queues one sentence; the task gives the number of samples produced.</summary>
    public Task<int> Enqueue(string text, VoiceSettings settings, AudioChunkHandler onAudio, CancellationToken cancellationToken)
    {
        var job = new Job(text, settings, onAudio, cancellationToken);
        if (cancellationToken.CanBeCanceled)
        {
            // Cancels at once while the sentence is still queued; once running, the callback aborts it.
            job.Registration = cancellationToken.Register(static state => ((Job)state!).CancelIfQueued(), job);
        }

        _queue.Add(job);
        return job.Completion.Task;
    }

    private void Run()
    {
        Exception? failure = null;
        try
        {
            var rate = espeak_Initialize(AudioOutputSynchronous, 0, IntPtr.Zero, InitializeDontExit);
            if (rate <= 0)
            {
                failure = new InvalidOperationException("espeak-ng could not be initialized: its voice data is missing (install espeak-ng-data).");
            }
            else
            {
                espeak_SetSynthCallback(Callback);
                _initialized.SetResult(rate);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            failure = new InvalidOperationException("espeak-ng is not installed (libespeak-ng.so.1 from the libespeak-ng1 package).", e);
        }

        if (failure is not null)
        {
            _initialized.SetException(failure);
        }

        foreach (var job in _queue.GetConsumingEnumerable())
        {
            if (!job.TryStart())
            {
                continue;
            }

            if (failure is not null)
            {
                job.Finish(failure);
                continue;
            }

            job.Finish(Synthesize(job));
        }
    }

    private Exception? Synthesize(Job job)
    {
        try
        {
            Apply(job.Settings);
            var text = Encoding.UTF8.GetBytes(job.Text + "\0");
            _running = job;
            int result;
            try
            {
                // position type 1 = characters; no end position; plain UTF-8 text (no SSML, no phoneme input).
                result = espeak_Synth(text, (nuint)text.Length, 0, 1, 0, CharsUtf8, IntPtr.Zero, IntPtr.Zero);
            }
            finally
            {
                _running = null;
            }

            if (job.Error is not null) return job.Error;
            if (job.Aborted) return new OperationCanceledException(job.CancellationToken);
            return result == Ok ? null : new InvalidOperationException($"espeak-ng failed to synthesize (error {result}).");
        }
        catch (Exception e)
        {
            return e;
        }
    }

    /// <summary>Switches voice and parameters only when they change: loading a voice reads its dictionary (1.6 MB for Mandarin).</summary>
    private void Apply(VoiceSettings settings)
    {
        if (_voice != settings.Voice)
        {
            _voice = null;
            var result = espeak_SetVoiceByName(settings.Voice);
            if (result != Ok)
            {
                throw new InvalidOperationException($"espeak-ng has no voice '{settings.Voice}' (error {result}); see 'espeak-ng --voices'.");
            }

            _voice = settings.Voice;
            // Selecting a voice resets rate and pitch to the voice's own.
            _settings = null;
        }

        if (_settings != settings)
        {
            espeak_SetParameter(ParameterRate, settings.WordsPerMinute, 0);
            espeak_SetParameter(ParameterPitch, settings.Pitch, 0);
            espeak_SetParameter(ParameterRange, settings.PitchRange, 0);
            espeak_SetParameter(ParameterVolume, settings.Volume, 0);
            _settings = settings;
        }
    }

    /// <summary>Runs inside espeak_Synth on the worker thread. An exception must not escape into native code.</summary>
    private static int OnAudio(IntPtr wav, int samples, IntPtr events)
    {
        var job = _running;
        if (job is null) return 1;
        if (job.CancellationToken.IsCancellationRequested)
        {
            job.Aborted = true;
            return 1;
        }

        if (wav == IntPtr.Zero || samples <= 0)
        {
            return 0;
        }

        try
        {
            if (_chunk.Length < samples) _chunk = new short[Math.Max(samples, _chunk.Length * 2)];
            Marshal.Copy(wav, _chunk, 0, samples);
            job.Samples += samples;
            job.OnAudio(_chunk.AsSpan(0, samples));
            return 0;
        }
        catch (Exception e)
        {
            job.Error = e;
            return 1;
        }
    }

    /// <summary>One sentence in the queue. States: queued → running → done, or queued → cancelled (never run).</summary>
    private sealed class Job(string text, VoiceSettings settings, AudioChunkHandler onAudio, CancellationToken cancellationToken)
    {
        private const int Queued = 0, Running = 1, Done = 2;
        private int _state;

        public string Text { get; } = text;
        public VoiceSettings Settings { get; } = settings;
        public AudioChunkHandler OnAudio { get; } = onAudio;
        public CancellationToken CancellationToken { get; } = cancellationToken;
        public TaskCompletionSource<int> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public CancellationTokenRegistration Registration { get; set; }
        public int Samples { get; set; }
        public bool Aborted { get; set; }
        public Exception? Error { get; set; }

        public void CancelIfQueued()
        {
            if (Interlocked.CompareExchange(ref _state, Done, Queued) == Queued)
            {
                Completion.TrySetCanceled(CancellationToken);
            }
        }

        /// <summary>False when it was cancelled before its turn.</summary>
        public bool TryStart()
        {
            if (CancellationToken.IsCancellationRequested) CancelIfQueued();
            return Interlocked.CompareExchange(ref _state, Running, Queued) == Queued;
        }

        public void Finish(Exception? error)
        {
            Volatile.Write(ref _state, Done);
            Registration.Dispose();
            if (error is OperationCanceledException) Completion.TrySetCanceled(CancellationToken);
            else if (error is not null) Completion.TrySetException(error);
            else Completion.TrySetResult(Samples);
        }
    }
}

/// <summary>What espeak-ng is set to for one sentence.</summary>
internal sealed record VoiceSettings(string Voice, int WordsPerMinute, int Pitch, int PitchRange, int Volume);
