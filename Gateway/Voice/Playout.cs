using CallCenter.Gateway.Audio;

namespace CallCenter.Gateway.Voice;

/// <summary>Writes audio into <paramref name="destination"/> and returns how many samples it wrote.</summary>
public delegate int AudioWriter(Span<short> destination);

/// <summary>
/// The bot's outbound audio for one call, released one fixed frame per tick at real time. Knows which sentence each
/// frame belongs to, so a barge-in can tell how much of the reply the caller actually heard, and the level of the frame
/// being played, which is the echo reference for barge-in detection.
/// <para>
/// The queued audio lives in one buffer per call, reused from reply to reply (it grows to the longest reply queued and
/// stays), and frames are cut from it as they are released: a reply of several seconds is held for as long as it
/// plays, and hundreds of frame arrays (or a large array per sentence) per reply, living that long, made the garbage
/// collector's pauses long once hundreds of calls were talking.
/// </para>
/// </summary>
public sealed class Playout(int frameSamples)
{
    /// <summary>The buffer grows in steps of this many frames (a second at 20 ms), not to the exact need every time.</summary>
    private const int GrowthFrames = 50;

    private readonly Queue<QueuedSentence> _queue = new();
    private readonly Dictionary<int, SentenceProgress> _sentences = [];
    private readonly short[] _frame = new short[frameSamples];
    private readonly Lock _lock = new();
    private short[] _audio = [];
    private int _head; // first sample not yet released
    private int _tail; // end of the queued samples (whole frames: each sentence is padded to a frame boundary)

    /// <summary>True while audio is being released (the caller is hearing the bot).</summary>
    public bool Speaking
    {
        get { lock (_lock) return _queue.Count > 0 && !Paused; }
    }

    /// <summary>Held back by a possible barge-in: nothing is released until <see cref="Resume"/> or <see cref="Clear"/>.</summary>
    public bool Paused { get; private set; }

    /// <summary>RMS level of the last frame released, 0 when silent: what an echo of the bot would sound like.</summary>
    public double EchoReferenceRms { get; private set; }

    /// <summary>The same level in dBFS, as the barge-in detector takes it.</summary>
    public double EchoReferenceDbfs => Pcm16.MeanSquareToDbfs(EchoReferenceRms * EchoReferenceRms);

    public void Pause()
    {
        lock (_lock) Paused = true;
    }

    public void Resume()
    {
        lock (_lock) Paused = false;
    }

    /// <summary>Queues a sentence's audio (copied).</summary>
    public void Enqueue(int sentenceIndex, string text, ReadOnlySpan<short> pcm)
    {
        lock (_lock)
        {
            pcm.CopyTo(Reserve(pcm.Length));
            Commit(sentenceIndex, text, pcm.Length);
        }
    }

    /// <summary>
    /// Queues a sentence whose audio <paramref name="write"/> puts straight into the playout's buffer (at most
    /// <paramref name="maxSamples"/>), so that converted audio needs no buffer of its own.
    /// </summary>
    public void Enqueue(int sentenceIndex, string text, int maxSamples, AudioWriter write)
    {
        ArgumentNullException.ThrowIfNull(write);
        lock (_lock)
        {
            var written = write(Reserve(maxSamples));
            Commit(sentenceIndex, text, Math.Clamp(written, 0, maxSamples));
        }
    }

    /// <summary>
    /// The next frame to send now, or null when there is nothing to say. The frame is this playout's buffer: valid
    /// until the next call (the pacer sends it before asking for another).
    /// </summary>
    public short[]? NextFrame()
    {
        lock (_lock)
        {
            if (Paused || !_queue.TryPeek(out var sentence))
            {
                // Drained: everything queued so far was heard in full, so a later barge-in is about later sentences only.
                if (!Paused)
                {
                    _sentences.Clear();
                }

                EchoReferenceRms = 0;
                return null;
            }

            _audio.AsSpan(_head, frameSamples).CopyTo(_frame);
            _head += frameSamples;
            if (++sentence.Released == sentence.Frames)
            {
                _queue.Dequeue();
                if (_queue.Count == 0)
                {
                    _head = _tail = 0;
                }
            }

            _sentences[sentence.Index].Played++;
            EchoReferenceRms = Pcm16.Rms(_frame);
            return _frame;
        }
    }

    /// <summary>
    /// Barge-in: drops everything not yet played and returns what the caller heard of the interrupted reply (whole
    /// sentences played, plus the words of the cut sentence in proportion to its frames played).
    /// </summary>
    public string Clear()
    {
        lock (_lock)
        {
            _queue.Clear();
            _head = _tail = 0;
            Paused = false;
            EchoReferenceRms = 0;
            var heard = string.Join(" ", _sentences.OrderBy(s => s.Key).Select(s => s.Value.HeardPart()).Where(t => t.Length > 0));
            _sentences.Clear();
            return heard;
        }
    }

    /// <summary>Room for <paramref name="samples"/> (and the padding to a whole frame) after the queued audio.</summary>
    private Span<short> Reserve(int samples)
    {
        var needed = _tail + RoundUpToFrames(samples);
        if (needed > _audio.Length)
        {
            // Move the audio not yet played to the front; if that is not room enough, into a bigger buffer.
            var queued = _tail - _head;
            var target = queued + RoundUpToFrames(samples) <= _audio.Length
                ? _audio
                : new short[RoundUpTo(queued + RoundUpToFrames(samples), GrowthFrames * frameSamples)];
            _audio.AsSpan(_head, queued).CopyTo(target);
            _audio = target;
            _head = 0;
            _tail = queued;
        }

        return _audio.AsSpan(_tail, samples);
    }

    /// <summary>Pads the sentence just written to a whole frame with silence and queues it.</summary>
    private void Commit(int sentenceIndex, string text, int samples)
    {
        var frames = RoundUpToFrames(samples) / frameSamples;
        _audio.AsSpan(_tail + samples, frames * frameSamples - samples).Clear();
        _tail += frames * frameSamples;
        _sentences[sentenceIndex] = new SentenceProgress(text, frames);
        if (frames > 0)
        {
            _queue.Enqueue(new QueuedSentence(sentenceIndex, frames));
        }
    }

    private int RoundUpToFrames(int samples) => RoundUpTo(samples, frameSamples);

    private static int RoundUpTo(int value, int step) => (value + step - 1) / step * step;

    /// <summary>A sentence waiting to be played, or being played; its audio is the next <see cref="Frames"/> frames after those before it.</summary>
    private sealed class QueuedSentence(int index, int frames)
    {
        public int Index { get; } = index;
        public int Frames { get; } = frames;
        public int Released { get; set; }
    }

    /// <summary>How much of a sentence has been played: updated in place at every frame, so nothing is allocated per frame.</summary>
    private sealed class SentenceProgress(string text, int frames)
    {
        public int Played { get; set; }

        public string HeardPart()
        {
            if (Played >= frames)
            {
                return text;
            }

            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length <= 1)
            {
                // Chinese has no spaces: cut by characters instead.
                return text[..(int)Math.Floor(text.Length * (double)Played / frames)];
            }

            return string.Join(' ', words.Take((int)Math.Floor(words.Length * (double)Played / frames)));
        }
    }
}
