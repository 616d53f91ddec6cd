using CallCenter.Gateway.Audio;

namespace CallCenter.Gateway.Voice;

/// <summary>
/// The bot's outbound audio for one call, cut into fixed frames and released one frame per tick at real time. Knows
/// which sentence each frame belongs to, so a barge-in can tell how much of the reply the caller actually heard, and
/// the level of the frame being played, which is the echo reference for barge-in detection.
/// </summary>
public sealed class Playout(int frameSamples)
{
    private readonly Queue<Frame> _frames = new();
    private readonly Dictionary<int, SentenceProgress> _sentences = [];
    private readonly Lock _lock = new();

    /// <summary>True while audio is being released (the caller is hearing the bot).</summary>
    public bool Speaking
    {
        get { lock (_lock) return _frames.Count > 0 && !Paused; }
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

    public void Enqueue(int sentenceIndex, string text, ReadOnlySpan<short> pcm)
    {
        lock (_lock)
        {
            var count = 0;
            for (var offset = 0; offset < pcm.Length; offset += frameSamples)
            {
                var frame = new short[frameSamples]; // the last frame is padded with silence
                pcm.Slice(offset, Math.Min(frameSamples, pcm.Length - offset)).CopyTo(frame);
                _frames.Enqueue(new Frame(sentenceIndex, frame));
                count++;
            }

            _sentences[sentenceIndex] = new SentenceProgress(text, count, 0);
        }
    }

    /// <summary>The next frame to send now, or null when there is nothing to say.</summary>
    public short[]? NextFrame()
    {
        lock (_lock)
        {
            if (Paused || !_frames.TryDequeue(out var frame))
            {
                // Drained: everything queued so far was heard in full, so a later barge-in is about later sentences only.
                if (!Paused)
                {
                    _sentences.Clear();
                }

                EchoReferenceRms = 0;
                return null;
            }

            var progress = _sentences[frame.Sentence];
            _sentences[frame.Sentence] = progress with { Played = progress.Played + 1 };
            EchoReferenceRms = Rms(frame.Samples);
            return frame.Samples;
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
            _frames.Clear();
            Paused = false;
            EchoReferenceRms = 0;
            var heard = string.Join(" ", _sentences.OrderBy(s => s.Key).Select(s => s.Value.HeardPart()).Where(t => t.Length > 0));
            _sentences.Clear();
            return heard;
        }
    }

    private static double Rms(short[] samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        return Math.Sqrt(sum / samples.Length);
    }

    private sealed record Frame(int Sentence, short[] Samples);

    private sealed record SentenceProgress(string Text, int Frames, int Played)
    {
        public string HeardPart()
        {
            if (Played >= Frames)
            {
                return Text;
            }

            var words = Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length <= 1)
            {
                // Chinese has no spaces: cut by characters instead.
                return Text[..(int)Math.Floor(Text.Length * (double)Played / Frames)];
            }

            return string.Join(' ', words.Take((int)Math.Floor(words.Length * (double)Played / Frames)));
        }
    }
}
