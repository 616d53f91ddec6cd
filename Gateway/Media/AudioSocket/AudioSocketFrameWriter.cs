using System.IO.Pipelines;

namespace CallCenter.Gateway.Media.AudioSocket;

/// <summary>
/// Writes AudioSocket frames to Asterisk. Asterisk accepts audio, hangup and error frames from us; the UUID and DTMF
/// writers are there to simulate Asterisk (tests, load generation). Each call writes its frames and flushes once; one
/// write at a time. Pacing audio at real time is the caller's job.
/// </summary>
public sealed class AudioSocketFrameWriter : IAsyncDisposable
{
    private readonly PipeWriter _output;
    private readonly bool _ownsOutput;

    public AudioSocketFrameWriter(PipeWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>Writes to a stream (a NetworkStream); the stream stays open when the writer is disposed.</summary>
    public AudioSocketFrameWriter(Stream output)
        : this(PipeWriter.Create(output, new StreamPipeWriterOptions(leaveOpen: true)))
    {
        _ownsOutput = true;
    }

    /// <summary>Writes 16-bit LE 8 kHz mono PCM (an even byte count) as 20 ms audio frames, the last one shorter if need be.</summary>
    public ValueTask<FlushResult> WriteAudioAsync(ReadOnlyMemory<byte> pcm, CancellationToken cancellationToken = default)
    {
        AudioSocketProtocol.WriteAudio(_output, pcm.Span);
        return _output.FlushAsync(cancellationToken);
    }

    public ValueTask<FlushResult> WriteHangupAsync(CancellationToken cancellationToken = default)
    {
        AudioSocketProtocol.WriteHangup(_output);
        return _output.FlushAsync(cancellationToken);
    }

    public ValueTask<FlushResult> WriteErrorAsync(ReadOnlyMemory<byte> code, CancellationToken cancellationToken = default)
    {
        AudioSocketProtocol.WriteError(_output, code.Span);
        return _output.FlushAsync(cancellationToken);
    }

    public ValueTask<FlushResult> WriteUuidAsync(Guid callId, CancellationToken cancellationToken = default)
    {
        AudioSocketProtocol.WriteUuid(_output, callId);
        return _output.FlushAsync(cancellationToken);
    }

    public ValueTask<FlushResult> WriteDtmfAsync(char digit, CancellationToken cancellationToken = default)
    {
        AudioSocketProtocol.WriteDtmf(_output, digit);
        return _output.FlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsOutput)
        {
            await _output.CompleteAsync();
        }
    }
}
