using System.IO.Pipelines;
using CallCenter.Gateway.Media.AudioSocket;
using static CallCenter.Tests.Media.AudioSocket.AudioSocketStreams;

namespace CallCenter.Tests.Media.AudioSocket;

public sealed class AudioSocketFrameReaderTests
{
    private static void AssertCall(List<(AudioSocketReadStatus Status, AudioSocketKind Kind, byte[] Payload, AudioSocketErrorKind? Error)> frames)
    {
        Assert.Equal(
            [AudioSocketKind.Uuid, AudioSocketKind.Audio, AudioSocketKind.Audio, AudioSocketKind.Dtmf, AudioSocketKind.Audio, AudioSocketKind.Hangup],
            frames.Where(f => f.Status == AudioSocketReadStatus.Frame).Select(f => f.Kind));
        Assert.Equal(CallId, new AudioSocketFrame(AudioSocketKind.Uuid, frames[0].Payload).CallId);
        Assert.Equal(AudioBytes(seed: 1), frames[1].Payload);
        Assert.Equal(AudioBytes(seed: 2), frames[2].Payload);
        Assert.Equal("5"u8.ToArray(), frames[3].Payload);
        Assert.Equal(AudioBytes(seed: 3), frames[4].Payload);
        Assert.Empty(frames[5].Payload);
        Assert.Equal(AudioSocketReadStatus.EndOfStream, frames[^1].Status);
        Assert.Equal(7, frames.Count);
    }

    [Fact]
    public async Task A_call_of_uuid_audio_dtmf_and_hangup_frames_parses()
    {
        await using var reader = ReaderOver(Call());

        var frames = await ReadAllAsync(reader);

        AssertCall(frames);
        Assert.Equal(CallId, reader.CallId);
        Assert.Equal(6, reader.FramesRead);
    }

    [Fact]
    public async Task A_call_arriving_one_byte_at_a_time_through_a_pipe_parses_the_same()
    {
        var pipe = new Pipe();
        var bytes = Call();
        var writing = Task.Run(async () =>
        {
            foreach (var b in bytes)
            {
                await pipe.Writer.WriteAsync(new[] { b });
            }

            await pipe.Writer.CompleteAsync();
        });
        await using var reader = new AudioSocketFrameReader(pipe.Reader);

        var frames = await ReadAllAsync(reader);
        await writing;

        AssertCall(frames);
    }

    [Fact]
    public async Task A_call_read_from_a_stream_parses_the_same()
    {
        using var stream = new MemoryStream(Call());
        await using var reader = new AudioSocketFrameReader(stream);

        AssertCall(await ReadAllAsync(reader));
    }

    [Fact]
    public async Task The_uuid_is_read_in_rfc_4122_order_as_asterisk_sends_it()
    {
        // The UUID's bytes in the order its text shows them: what Asterisk's uuid_parse produces and sends.
        byte[] wire = [0x1f, 0x6b, 0x2e, 0x64, 0x9c, 0x3a, 0x4d, 0x1e, 0x8b, 0x7f, 0x0a, 0x2c, 0x4e, 0x6f, 0x8d, 0x10];
        await using var reader = ReaderOver(Frame(0x01, 16, wire));

        var frame = (await reader.ReadFrameAsync()).Frame;

        Assert.Equal(Guid.Parse("1f6b2e64-9c3a-4d1e-8b7f-0a2c4e6f8d10"), frame.CallId);
        Assert.Equal("1f6b2e64-9c3a-4d1e-8b7f-0a2c4e6f8d10", reader.CallId.ToString());
    }

    [Fact]
    public async Task An_error_frame_from_asterisk_is_a_frame_with_its_code()
    {
        await using var reader = ReaderOver([.. Uuid(), .. Frame(0xff, 1, [0x02]), .. Frame(0xff, 0)]);
        await reader.ReadFrameAsync();

        var withCode = (await reader.ReadFrameAsync()).Frame;
        Assert.Equal(AudioSocketKind.Error, withCode.Kind);
        Assert.Equal((byte)0x02, withCode.ErrorCode);
        Assert.Null((await reader.ReadFrameAsync()).Frame.ErrorCode);
    }

    [Fact]
    public async Task Frame_accessors_refuse_the_wrong_kind()
    {
        await using var reader = ReaderOver([.. Uuid(), .. Frame(0x10, 320)]);
        await reader.ReadFrameAsync();
        var audio = (await reader.ReadFrameAsync()).Frame;

        Assert.Equal(TimeSpan.FromMilliseconds(20), audio.AudioDuration);
        Assert.Throws<InvalidOperationException>(() => audio.CallId);
        Assert.Throws<InvalidOperationException>(() => audio.Digit);
        Assert.Throws<InvalidOperationException>(() => audio.ErrorCode);
    }

    [Fact]
    public async Task Closing_between_frames_is_the_end_of_the_stream_every_time_it_is_asked()
    {
        await using var reader = ReaderOver(Uuid());
        await reader.ReadFrameAsync();

        Assert.Equal(AudioSocketReadStatus.EndOfStream, (await reader.ReadFrameAsync()).Status);
        Assert.Equal(AudioSocketReadStatus.EndOfStream, (await reader.ReadFrameAsync()).Status);
    }

    [Fact]
    public async Task An_empty_connection_ends_without_error()
    {
        await using var reader = ReaderOver([]);

        Assert.Equal(AudioSocketReadStatus.EndOfStream, (await reader.ReadFrameAsync()).Status);
        Assert.Null(reader.CallId);
    }

    public static TheoryData<byte[], AudioSocketErrorKind, string> Malformed => new()
    {
        { [.. Uuid(), .. Frame(0x02, 6)], AudioSocketErrorKind.UnknownKind, "0x02" },
        { [.. Uuid(), .. Frame(0x12, 640)], AudioSocketErrorKind.UnknownKind, "0x12" },
        { Frame(0x10, 320), AudioSocketErrorKind.UuidNotFirst, "first frame must be the call UUID" },
        { Frame(0x00, 0), AudioSocketErrorKind.UuidNotFirst, "Hangup" },
        { [.. Uuid(), .. Uuid()], AudioSocketErrorKind.UuidNotFirst, "second UUID" },
        { Frame(0x01, 15), AudioSocketErrorKind.BadUuid, "15 bytes" },
        { Frame(0x01, 36, "1f6b2e64-9c3a-4d1e-8b7f-0a2c4e6f8d10"u8.ToArray()), AudioSocketErrorKind.BadUuid, "36 bytes" },
        { [.. Uuid(), .. Frame(0x10, 321)], AudioSocketErrorKind.OddAudioLength, "321" },
        { [.. Uuid(), .. Frame(0x10, 9000)], AudioSocketErrorKind.FrameTooLarge, "9000" },
        { [.. Uuid(), .. Frame(0x03, 2, "12"u8.ToArray())], AudioSocketErrorKind.BadDtmf, "2 bytes" },
        { [.. Uuid(), .. Frame(0x03, 1, "x"u8.ToArray())], AudioSocketErrorKind.BadDtmf, "0x78" },
        { [.. Uuid(), 0x10, 0x01], AudioSocketErrorKind.Truncated, "2 bytes of an unfinished header" },
        { [.. Uuid(), 0x10, 0x01, 0x40, 1, 2, 3], AudioSocketErrorKind.Truncated, "6 bytes of an unfinished frame" },
        { [0x01, 0x00, 0x10, 1, 2, 3, 4], AudioSocketErrorKind.Truncated, "unfinished frame" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_stream_gives_an_error_naming_the_problem_and_it_sticks(byte[] bytes, AudioSocketErrorKind kind, string reasonFragment)
    {
        await using var reader = ReaderOver(bytes);

        var frames = await ReadAllAsync(reader);
        var again = await reader.ReadFrameAsync();

        var last = frames[^1];
        Assert.Equal(AudioSocketReadStatus.Error, last.Status);
        Assert.Equal(kind, last.Error);
        Assert.Equal(kind, again.Error?.Kind);
        Assert.Contains(reasonFragment, again.Error!.Reason);
    }

    [Fact]
    public async Task An_oversized_frame_is_refused_from_its_header_without_waiting_for_the_payload()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Uuid());
        await pipe.Writer.WriteAsync(new byte[] { 0x10, 0x08, 0x00 });  // 2048 bytes announced, none sent
        await using var reader = new AudioSocketFrameReader(pipe.Reader, maxPayloadBytes: 1024);
        await reader.ReadFrameAsync();

        var read = reader.ReadFrameAsync();

        Assert.True(read.IsCompleted, "the error must not wait for 2048 bytes that may never come");
        Assert.Equal(AudioSocketErrorKind.FrameTooLarge, (await read).Error?.Kind);
    }

    [Fact]
    public async Task A_frame_at_the_limit_is_accepted()
    {
        await using var reader = ReaderOver([.. Uuid(), .. Frame(0x10, 1024, AudioBytes(1024))], maxPayloadBytes: 1024);
        await reader.ReadFrameAsync();

        Assert.Equal(AudioBytes(1024), (await reader.ReadFrameAsync()).Frame.Payload.ToArray());
    }

    [Fact]
    public async Task A_canceled_pending_read_throws_and_leaves_the_reader_usable()
    {
        var pipe = new Pipe();
        await using var reader = new AudioSocketFrameReader(pipe.Reader);
        var pending = reader.ReadFrameAsync();
        pipe.Reader.CancelPendingRead();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pending);
        await pipe.Writer.WriteAsync(Uuid());
        Assert.Equal(CallId, (await reader.ReadFrameAsync()).Frame.CallId);
    }

    [Fact]
    public async Task A_partial_frame_waits_for_the_rest()
    {
        var pipe = new Pipe();
        var uuid = Uuid();
        await pipe.Writer.WriteAsync(uuid.AsMemory(0, 10));
        await using var reader = new AudioSocketFrameReader(pipe.Reader);

        var read = reader.ReadFrameAsync();
        Assert.False(read.IsCompleted);
        await pipe.Writer.WriteAsync(uuid.AsMemory(10));

        Assert.Equal(CallId, (await read).Frame.CallId);
    }
}
