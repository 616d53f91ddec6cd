namespace CallCenter.Gateway.Audio;

/// <summary>
/// Turns a stream of audio chunks of any size into fixed-size frames. Network transports deliver whatever they
/// have (Twilio 20 ms, AudioSocket 320 bytes, browsers 2,048 or 4,096 samples, jittered and sometimes split), while
/// the VAD and the recognizer want frames of exactly 10 or 20 ms.
/// </summary>
/// <remarks>
/// Bytes of 16-bit PCM may arrive split inside a sample (an odd byte count); the dangling byte is kept and
/// completed by the next chunk. One instance per stream; not thread-safe. Typical use, per received chunk:
/// <code>
/// assembler.WriteBytes(chunk);
/// while (assembler.TryRead(frame)) { Handle(frame); }
/// </code>
/// </remarks>
public sealed class FrameAssembler
{
    private short[] _buffer;
    private int _start;   // first buffered sample
    private int _count;   // buffered samples
    private byte _pendingByte;
    private bool _hasPendingByte;

    public FrameAssembler(int frameSamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameSamples, 1);
        FrameSamples = frameSamples;
        _buffer = new short[frameSamples * 4];
    }

    /// <summary>An assembler for frames of <paramref name="frameMs"/> milliseconds at <paramref name="sampleRate"/>.</summary>
    public static FrameAssembler ForDuration(int sampleRate, int frameMs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameMs, 1);
        if (sampleRate * frameMs % 1000 != 0)
        {
            throw new ArgumentException($"{frameMs} ms at {sampleRate} Hz is not a whole number of samples.", nameof(frameMs));
        }
        return new FrameAssembler(sampleRate * frameMs / 1000);
    }

    /// <summary>Samples per frame.</summary>
    public int FrameSamples { get; }

    /// <summary>Complete samples waiting (less than a frame after the frames have been read).</summary>
    public int BufferedSamples => _count;

    /// <summary>Whether half a sample (one byte of a 16-bit PCM pair) is waiting for its other half.</summary>
    public bool HasPartialSample => _hasPendingByte;

    /// <summary>Whether a whole frame is ready.</summary>
    public bool HasFrame => _count >= FrameSamples;

    /// <summary>Adds samples.</summary>
    public void Write(ReadOnlySpan<short> samples)
    {
        if (_hasPendingByte)
        {
            throw new InvalidOperationException("Half a 16-bit sample is pending from WriteBytes; finish the byte stream before writing samples.");
        }
        samples.CopyTo(Reserve(samples.Length));
        _count += samples.Length;
    }

    /// <summary>Adds little-endian 16-bit PCM bytes; an odd trailing byte is kept for the next call.</summary>
    public void WriteBytes(ReadOnlySpan<byte> pcm16)
    {
        if (pcm16.IsEmpty)
        {
            return;
        }

        if (_hasPendingByte)
        {
            Reserve(1)[0] = (short)(_pendingByte | (pcm16[0] << 8));
            _count++;
            _hasPendingByte = false;
            pcm16 = pcm16[1..];
        }

        var whole = pcm16.Length / Pcm16.BytesPerSample;
        Pcm16.ToSamples(pcm16[..(whole * Pcm16.BytesPerSample)], Reserve(whole));
        _count += whole;

        if (pcm16.Length % 2 == 1)
        {
            _pendingByte = pcm16[^1];
            _hasPendingByte = true;
        }
    }

    /// <summary>Copies the next whole frame into <paramref name="frame"/> and returns true, or returns false when less than a frame is buffered.</summary>
    public bool TryRead(Span<short> frame)
    {
        if (frame.Length < FrameSamples)
        {
            throw new ArgumentException($"The frame buffer holds {frame.Length} samples; a frame is {FrameSamples}.", nameof(frame));
        }

        if (_count < FrameSamples)
        {
            return false;
        }

        _buffer.AsSpan(_start, FrameSamples).CopyTo(frame);
        _start += FrameSamples;
        _count -= FrameSamples;
        if (_count == 0)
        {
            _start = 0;
        }
        return true;
    }

    /// <summary>Drops everything buffered, including a pending half sample.</summary>
    public void Reset()
    {
        _start = 0;
        _count = 0;
        _hasPendingByte = false;
    }

    /// <summary>Returns room for <paramref name="samples"/> more samples right after the buffered ones, compacting or growing the buffer.</summary>
    private Span<short> Reserve(int samples)
    {
        if (_start + _count + samples > _buffer.Length)
        {
            if (_count + samples > _buffer.Length)
            {
                var grown = new short[Math.Max(_buffer.Length * 2, _count + samples)];
                _buffer.AsSpan(_start, _count).CopyTo(grown);
                _buffer = grown;
            }
            else
            {
                _buffer.AsSpan(_start, _count).CopyTo(_buffer);
            }
            _start = 0;
        }
        return _buffer.AsSpan(_start + _count, samples);
    }
}
