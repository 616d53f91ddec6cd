using System.Buffers;
using System.IO.Pipelines;
using CallCenter.Gateway.Media.AudioSocket;
using static CallCenter.Tests.Media.AudioSocket.AudioSocketStreams;

namespace CallCenter.Tests.Media.AudioSocket;

public sealed class AudioSocketFrameWriterTests
{
    [Fact]
    public async Task Everything_written_reads_back_with_long_audio_split_into_20_ms_frames()
    {
        var pipe = new Pipe();
        var speech = AudioBytes(1000, seed: 9);  // 62.5 ms: three 20 ms frames and 40 bytes
        await using (var writer = new AudioSocketFrameWriter(pipe.Writer))
        {
            await writer.WriteUuidAsync(CallId);
            await writer.WriteAudioAsync(speech);
            await writer.WriteDtmfAsync('#');
            await writer.WriteErrorAsync(new byte[] { 0x04 });
            await writer.WriteHangupAsync();
        }

        await pipe.Writer.CompleteAsync();
        await using var reader = new AudioSocketFrameReader(pipe.Reader);
        var frames = await ReadAllAsync(reader);

        Assert.Equal(
            [AudioSocketKind.Uuid, AudioSocketKind.Audio, AudioSocketKind.Audio, AudioSocketKind.Audio, AudioSocketKind.Audio, AudioSocketKind.Dtmf, AudioSocketKind.Error, AudioSocketKind.Hangup],
            frames.Where(f => f.Status == AudioSocketReadStatus.Frame).Select(f => f.Kind));
        Assert.Equal(CallId, reader.CallId);
        Assert.Equal([320, 320, 320, 40], frames.Skip(1).Take(4).Select(f => f.Payload.Length));
        Assert.Equal(speech, frames.Skip(1).Take(4).SelectMany(f => f.Payload));
        Assert.Equal("#"u8.ToArray(), frames[5].Payload);
        Assert.Equal([0x04], frames[6].Payload);
        Assert.Equal(AudioSocketReadStatus.EndOfStream, frames[^1].Status);
    }

    [Fact]
    public void Headers_are_big_endian_and_audio_is_passed_through_untouched()
    {
        var buffer = new ArrayBufferWriter<byte>();

        AudioSocketProtocol.WriteAudio(buffer, AudioBytes(320));
        AudioSocketProtocol.WriteHangup(buffer);
        AudioSocketProtocol.WriteUuid(buffer, CallId);

        var bytes = buffer.WrittenSpan.ToArray();
        Assert.Equal([0x10, 0x01, 0x40], bytes[..3]);
        Assert.Equal(AudioBytes(320), bytes[3..323]);
        Assert.Equal([0x00, 0x00, 0x00], bytes[323..326]);
        Assert.Equal([0x01, 0x00, 0x10, 0x1f, 0x6b, 0x2e, 0x64], bytes[326..333]);
    }

    [Fact]
    public async Task Writing_to_a_stream_sends_the_same_bytes()
    {
        using var stream = new MemoryStream();
        await using (var writer = new AudioSocketFrameWriter(stream))
        {
            await writer.WriteAudioAsync(AudioBytes(640));
            await writer.WriteHangupAsync();
        }

        Assert.Equal([0x10, 0x01, 0x40, .. AudioBytes(640)[..320], 0x10, 0x01, 0x40, .. AudioBytes(640)[320..], 0x00, 0x00, 0x00], stream.ToArray());
    }

    [Fact]
    public void Audio_can_be_framed_at_another_size()
    {
        var buffer = new ArrayBufferWriter<byte>();

        AudioSocketProtocol.WriteAudio(buffer, AudioBytes(640), frameBytes: 160);

        Assert.Equal(4 * (3 + 160), buffer.WrittenCount);
    }

    [Fact]
    public void Misuse_is_refused_before_anything_is_written()
    {
        var buffer = new ArrayBufferWriter<byte>();

        Assert.Throws<ArgumentException>(() => AudioSocketProtocol.WriteAudio(buffer, new byte[321]));
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioSocketProtocol.WriteAudio(buffer, new byte[320], frameBytes: 161));
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioSocketProtocol.WriteDtmf(buffer, 'x'));
        Assert.Throws<ArgumentException>(() => AudioSocketProtocol.WriteFrame(buffer, AudioSocketKind.Audio, new byte[70_000]));
        Assert.Equal(0, buffer.WrittenCount);
    }

    [Fact]
    public void Empty_audio_writes_nothing()
    {
        var buffer = new ArrayBufferWriter<byte>();

        AudioSocketProtocol.WriteAudio(buffer, []);

        Assert.Equal(0, buffer.WrittenCount);
    }
}
