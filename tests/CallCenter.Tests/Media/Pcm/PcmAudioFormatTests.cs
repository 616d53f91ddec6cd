using CallCenter.Gateway.Media.Pcm;

namespace CallCenter.Tests.Media.Pcm;

public sealed class PcmAudioFormatTests
{
    [Theory]
    [InlineData("8000", 8000, 320)]
    [InlineData("16000", 16000, 640)]
    [InlineData(" 16000 ", 16000, 640)]
    public void A_supported_rate_is_accepted(string query, int rate, int bytesPer20Ms)
    {
        Assert.True(PcmAudioFormat.TryParseRate(query, out var format, out var error), error);

        Assert.Equal(rate, format.SampleRate);
        Assert.Equal(bytesPer20Ms, format.BytesPer20Milliseconds);
        Assert.Equal(rate * 2, format.MaxFrameBytes);
    }

    [Theory]
    [InlineData(null, "missing")]
    [InlineData("", "missing")]
    [InlineData("44100", "\"44100\"")]
    [InlineData("8k", "\"8k\"")]
    [InlineData("-8000", "\"-8000\"")]
    [InlineData("8000,16000", "\"8000,16000\"")]
    [InlineData("8000.0", "\"8000.0\"")]
    public void Any_other_rate_is_refused_with_the_choices(string? query, string fragment)
    {
        Assert.False(PcmAudioFormat.TryParseRate(query, out var format, out var error));

        Assert.Null(format);
        Assert.Contains(fragment, error);
        Assert.Contains("?rate=8000 or ?rate=16000", error);
    }

    [Fact]
    public void Frames_of_whole_samples_within_the_limit_are_valid()
    {
        var format = new PcmAudioFormat(8000);

        Assert.Null(format.ValidateFrame(0));
        Assert.Null(format.ValidateFrame(320));
        Assert.Null(format.ValidateFrame(16000));
        Assert.Equal(TimeSpan.FromMilliseconds(20), format.DurationOf(320));
    }

    [Fact]
    public void An_odd_or_oversized_frame_is_refused()
    {
        var format = new PcmAudioFormat(16000, maxFrameBytes: 6400);

        var odd = format.ValidateFrame(641);
        Assert.Equal(PcmErrorKind.OddAudioLength, odd?.Kind);
        Assert.Contains("641", odd!.Reason);

        var large = format.ValidateFrame(6402);
        Assert.Equal(PcmErrorKind.FrameTooLarge, large?.Kind);
        Assert.Contains("6400", large!.Reason);
        Assert.Contains("200 ms", large.Reason);
        Assert.Null(format.ValidateFrame(6400));
    }

    [Fact]
    public void An_unsupported_rate_cannot_be_constructed()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PcmAudioFormat(44100));
    }
}
