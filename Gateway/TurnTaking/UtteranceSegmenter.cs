using System.Runtime.InteropServices;
using CallCenter.Gateway.Audio;

namespace CallCenter.Gateway.TurnTaking;

/// <summary>What one frame did to the utterance: the audio to send to the recognizer now, and whether it ended.</summary>
/// <param name="Activity">The frame's voice activity (barge-in decisions use it).</param>
/// <param name="Batch">PCM16 bytes for the recognizer, or null while the batch is filling (or nobody speaks).</param>
/// <param name="Ended">The turn detector heard the utterance end: the recognizer's final result is due.</param>
/// <param name="Paused">The speaker paused long enough that the utterance has probably ended: the recognizer may start
/// its final decoding now (the batch holds everything so far).</param>
public readonly record struct SegmentStep(VoiceActivity Activity, byte[]? Batch, bool Ended, bool Paused = false);

/// <summary>
/// Cuts one speaker's 20 ms frames into utterances for a streaming recognizer: voice activity detection and the turn
/// detector decide where speech starts and ends; speech is handed out in batches of a few frames (a grain call per frame
/// would cost more than the audio); a ring of the last frames before the start is sent with the first batch, because
/// the turn detector is only sure speech started a few frames in and the first syllable must not be lost.
/// After the speaker paused (<see cref="SegmentStep.Paused"/>), the silence that follows is held back: the recognizer has
/// started its final decoding on the audio so far, and one more frame would make that work useless. The held frames go
/// out with the next batch if the speaker goes on, and are dropped when the utterance ends (the recognizer pads the end
/// with silence of its own).
/// One per speaker (the caller's line, the agent's microphone); not thread-safe.
/// </summary>
public sealed class UtteranceSegmenter
{
    /// <summary>Audio kept from before the turn detector is sure speech started (300 ms).</summary>
    private const int PreRollFrames = 15;

    private readonly VoiceActivityDetector _vad;
    private readonly TurnDetector _turns;
    private readonly int _batchSamples;
    private readonly short[][] _preRoll;
    private readonly List<short> _batch = [];
    private readonly List<short> _held = [];
    private bool _paused;
    private int _preRollNext;
    private int _preRollCount;

    public UtteranceSegmenter(int sampleRate, int frameMs, int framesPerBatch, TurnTakingOptions options)
    {
        _vad = new VoiceActivityDetector(sampleRate, frameMs, options.Vad);
        _turns = new TurnDetector(options.EndOfTurn);
        _batchSamples = Math.Max(1, framesPerBatch) * _vad.FrameSamples;
        _preRoll = [.. Enumerable.Range(0, PreRollFrames).Select(_ => new short[_vad.FrameSamples])];
    }

    /// <summary>Samples in the frames <see cref="Process"/> takes.</summary>
    public int FrameSamples => _vad.FrameSamples;

    public bool InUtterance { get; private set; }

    /// <summary>Takes the next frame (exactly <see cref="FrameSamples"/> samples).</summary>
    public SegmentStep Process(ReadOnlySpan<short> frame)
    {
        var activity = _vad.Process(frame);
        var turn = _turns.Process(activity);
        if (turn.Kind == TurnEventKind.SpeechStarted)
        {
            InUtterance = true;
            for (var i = _preRollCount; i > 0; i--)
            {
                _batch.AddRange(_preRoll[(_preRollNext - i + PreRollFrames) % PreRollFrames]);
            }

            _preRollCount = 0;
        }

        if (!InUtterance)
        {
            // A ring of the last frames, reused: nothing is allocated per frame on the audio path.
            frame.CopyTo(_preRoll[_preRollNext]);
            _preRollNext = (_preRollNext + 1) % PreRollFrames;
            _preRollCount = Math.Min(_preRollCount + 1, PreRollFrames);
            return new SegmentStep(activity, null, false);
        }

        if (_paused)
        {
            if (turn.Kind == TurnEventKind.SpeechEnded)
            {
                _held.Clear();
                _paused = false;
                InUtterance = false;
                return new SegmentStep(activity, TakeBatch(), true);
            }

            if (!activity.IsVoiced)
            {
                _held.AddRange(frame);
                return new SegmentStep(activity, null, false);
            }

            // The speaker went on: the pause is part of the utterance after all.
            _batch.AddRange(_held);
            _held.Clear();
            _paused = false;
        }

        _batch.AddRange(frame);
        if (turn.Kind == TurnEventKind.SpeechEnded)
        {
            InUtterance = false;
            return new SegmentStep(activity, TakeBatch(), true);
        }

        if (turn.Kind == TurnEventKind.SpeechPaused)
        {
            _paused = true;
            return new SegmentStep(activity, TakeBatch(), false, Paused: true);
        }

        return new SegmentStep(activity, _batch.Count >= _batchSamples ? TakeBatch() : null, false);
    }

    private byte[]? TakeBatch()
    {
        if (_batch.Count == 0)
        {
            return null;
        }

        var bytes = new byte[_batch.Count * sizeof(short)];
        Pcm16.ToBytes(CollectionsMarshal.AsSpan(_batch), bytes);
        _batch.Clear();
        return bytes;
    }
}
