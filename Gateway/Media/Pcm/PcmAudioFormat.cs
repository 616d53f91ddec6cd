using System.Diagnostics.CodeAnalysis;

namespace CallCenter.Gateway.Media.Pcm;

/// <summary>
/// The audio of one raw-PCM WebSocket: 16-bit little-endian mono at the rate the client chose with <c>?rate=</c>.
/// Binary frames carry audio only; each must hold whole samples and stay under <see cref="MaxFrameBytes"/>.
/// </summary>
public sealed record PcmAudioFormat
{
    public const int BytesPerSample = 2;

    /// <summary>Telephone quality (8000) or wideband (16000): the rates the recognizers take without resampling.</summary>
    public static IReadOnlyList<int> SupportedRates { get; } = [8000, 16000];

    /// <param name="sampleRate">8000 or 16000.</param>
    /// <param name="maxFrameBytes">The largest binary frame accepted; by default one second of audio, far more than the
    /// 20 to 100 ms a client sends at a time, small enough that one frame cannot hold a whole utterance.</param>
    public PcmAudioFormat(int sampleRate, int? maxFrameBytes = null)
    {
        if (!SupportedRates.Contains(sampleRate))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The sample rate is 8000 or 16000.");
        }

        var max = maxFrameBytes ?? sampleRate * BytesPerSample;
        ArgumentOutOfRangeException.ThrowIfLessThan(max, BytesPerSample, nameof(maxFrameBytes));
        SampleRate = sampleRate;
        MaxFrameBytes = max;
    }

    public int SampleRate { get; }

    public int MaxFrameBytes { get; }

    /// <summary>Bytes in 20 ms: 320 at 8 kHz, 640 at 16 kHz.</summary>
    public int BytesPer20Milliseconds => SampleRate / 50 * BytesPerSample;

    public TimeSpan DurationOf(int byteCount) => TimeSpan.FromTicks(byteCount / BytesPerSample * TimeSpan.TicksPerSecond / SampleRate);

    /// <summary>
    /// Reads the <c>rate</c> query value: exactly "8000" or "16000". A missing rate is an error rather than a default,
    /// because audio read at the wrong rate is not refused anywhere later: it just turns into unrecognizable speech.
    /// </summary>
    public static bool TryParseRate(string? rateQuery, [NotNullWhen(true)] out PcmAudioFormat? format, [NotNullWhen(false)] out string? error)
    {
        format = null;
        var text = rateQuery?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = "The sample rate is missing: connect with ?rate=8000 or ?rate=16000 (16-bit little-endian mono PCM).";
            return false;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var rate)
            || !SupportedRates.Contains(rate))
        {
            error = $"Unsupported sample rate \"{(text.Length <= 20 ? text : text[..20] + "…")}\": use ?rate=8000 or ?rate=16000.";
            return false;
        }

        format = new PcmAudioFormat(rate);
        error = null;
        return true;
    }

    /// <summary>Checks one binary frame's size: whole 16-bit samples, at most <see cref="MaxFrameBytes"/>. Null when fine.</summary>
    public PcmProtocolError? ValidateFrame(int byteCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        if (byteCount > MaxFrameBytes)
        {
            return new(PcmErrorKind.FrameTooLarge,
                $"An audio frame of {byteCount} bytes exceeds the limit of {MaxFrameBytes} ({DurationOf(MaxFrameBytes).TotalMilliseconds:0} ms at {SampleRate} Hz); send 20 to 100 ms at a time.");
        }

        if (byteCount % BytesPerSample != 0)
        {
            return new(PcmErrorKind.OddAudioLength, $"An audio frame of {byteCount} bytes is not whole 16-bit samples (odd byte count).");
        }

        return null;
    }
}
