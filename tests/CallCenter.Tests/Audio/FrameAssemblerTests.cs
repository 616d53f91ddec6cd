using CallCenter.Gateway.Audio;

namespace CallCenter.Tests.Audio;

public sealed class FrameAssemblerTests
{
    private static readonly short[] Stream = Signals.ToPcm(Signals.SpeechLike(8000, 1000, -15, seed: 5));

    private static byte[] StreamBytes()
    {
        var bytes = new byte[Stream.Length * 2];
        Pcm16.ToBytes(Stream, bytes);
        return bytes;
    }

    private static List<short[]> Drain(FrameAssembler assembler)
    {
        var frames = new List<short[]>();
        var frame = new short[assembler.FrameSamples];
        while (assembler.TryRead(frame))
        {
            frames.Add(frame.ToArray());
        }
        return frames;
    }

    private static void AssertFramesAreTheStream(List<short[]> frames, int frameSamples)
    {
        Assert.Equal(Stream.Length / frameSamples, frames.Count);
        Assert.All(frames, f => Assert.Equal(frameSamples, f.Length));
        Assert.Equal(Stream[..(frames.Count * frameSamples)], frames.SelectMany(f => f).ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(159)]
    [InlineData(161)]
    [InlineData(320)]
    [InlineData(333)]
    [InlineData(4001)]
    public void Byte_chunks_of_any_size_including_odd_become_whole_frames(int chunkBytes)
    {
        var assembler = FrameAssembler.ForDuration(8000, 20);
        var bytes = StreamBytes();
        var frames = new List<short[]>();
        for (var position = 0; position < bytes.Length; position += chunkBytes)
        {
            assembler.WriteBytes(bytes.AsSpan(position, Math.Min(chunkBytes, bytes.Length - position)));
            frames.AddRange(Drain(assembler));
        }

        AssertFramesAreTheStream(frames, 160);
        Assert.False(assembler.HasPartialSample);
    }

    [Fact]
    public void Jittered_random_chunks_become_whole_frames()
    {
        var random = new Random(8);
        var assembler = FrameAssembler.ForDuration(8000, 10);
        var bytes = StreamBytes();
        var frames = new List<short[]>();
        var position = 0;
        while (position < bytes.Length)
        {
            // Sometimes nothing, sometimes a burst of several frames at once, often odd.
            var size = Math.Min(random.Next(0, 900), bytes.Length - position);
            assembler.WriteBytes(bytes.AsSpan(position, size));
            position += size;
            frames.AddRange(Drain(assembler));
            Assert.True(assembler.BufferedSamples < assembler.FrameSamples);
        }

        AssertFramesAreTheStream(frames, 80);
    }

    [Fact]
    public void A_split_sample_is_completed_by_the_next_chunk()
    {
        var assembler = new FrameAssembler(2);
        assembler.WriteBytes(new byte[] { 0x34 });
        Assert.True(assembler.HasPartialSample);
        Assert.Equal(0, assembler.BufferedSamples);

        assembler.WriteBytes(new byte[] { 0x12, 0xFF });
        Assert.Equal(1, assembler.BufferedSamples);
        Assert.True(assembler.HasPartialSample);

        assembler.WriteBytes(new byte[] { 0xFF });
        var frame = new short[2];
        Assert.True(assembler.TryRead(frame));
        Assert.Equal(new short[] { 0x1234, -1 }, frame);
        Assert.False(assembler.HasPartialSample);
    }

    [Fact]
    public void Sample_chunks_of_any_size_become_whole_frames()
    {
        var random = new Random(4);
        var assembler = FrameAssembler.ForDuration(8000, 20);
        var frames = new List<short[]>();
        var position = 0;
        while (position < Stream.Length)
        {
            var size = Math.Min(random.Next(0, 700), Stream.Length - position);
            assembler.Write(Stream.AsSpan(position, size));
            position += size;
            frames.AddRange(Drain(assembler));
        }

        AssertFramesAreTheStream(frames, 160);
    }

    [Fact]
    public void Less_than_a_frame_is_kept_until_the_rest_arrives()
    {
        var assembler = new FrameAssembler(160);
        var frame = new short[160];
        assembler.Write(Stream.AsSpan(0, 100));
        Assert.False(assembler.HasFrame);
        Assert.False(assembler.TryRead(frame));
        Assert.Equal(100, assembler.BufferedSamples);

        assembler.Write(Stream.AsSpan(100, 100));
        Assert.True(assembler.TryRead(frame));
        Assert.Equal(Stream[..160], frame);
        Assert.Equal(40, assembler.BufferedSamples);
    }

    [Fact]
    public void Reset_drops_buffered_audio_and_a_pending_byte()
    {
        var assembler = new FrameAssembler(4);
        assembler.WriteBytes(new byte[] { 1, 2, 3 });
        assembler.Reset();
        Assert.Equal(0, assembler.BufferedSamples);
        Assert.False(assembler.HasPartialSample);

        assembler.WriteBytes(new byte[] { 1, 0, 2, 0, 3, 0, 4, 0 });
        var frame = new short[4];
        Assert.True(assembler.TryRead(frame));
        Assert.Equal(new short[] { 1, 2, 3, 4 }, frame);
    }

    [Fact]
    public void Misuse_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrameAssembler(0));
        Assert.Throws<ArgumentException>(() => FrameAssembler.ForDuration(22050, 7)); // 154.35 samples
        Assert.Equal(441, FrameAssembler.ForDuration(22050, 20).FrameSamples);

        var assembler = new FrameAssembler(160);
        Assert.Throws<ArgumentException>(() => assembler.TryRead(new short[100]));

        // Samples cannot be appended while half a byte-stream sample is pending: they would be misaligned.
        assembler.WriteBytes(new byte[] { 1 });
        Assert.Throws<InvalidOperationException>(() => assembler.Write(new short[] { 1 }));
    }
}
