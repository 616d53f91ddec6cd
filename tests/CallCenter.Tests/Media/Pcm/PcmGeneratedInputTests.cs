using System.Text;
using CallCenter.Gateway.Media.Pcm;

namespace CallCenter.Tests.Media.Pcm;

/// <summary>Generated control messages and frame sizes (seeded): never an exception, always exactly a message or an error.</summary>
public sealed class PcmGeneratedInputTests
{
    private static readonly byte[][] Corpus =
    [
        .. new[]
        {
            """{"type":"start","language":"en","customerPhone":"+15550100"}""",
            """{"type":"start","language":"zh"}""",
            """{"type":"dtmf","digit":"1"}""",
            """{"type":"dtmf","digit":7}""",
            """{"type":"hangup"}""",
        }.Select(Encoding.UTF8.GetBytes),
    ];

    [Fact]
    public void Mutated_and_random_messages_give_a_message_or_an_error_never_an_exception()
    {
        var random = new Random(16000);
        var messages = 0;
        var errorKinds = new HashSet<PcmErrorKind>();
        for (var i = 0; i < 4000; i++)
        {
            var input = random.Next(8) == 0
                ? Mutations.RandomBytes(random, 100)
                : Mutations.Mutate(random, Corpus[random.Next(Corpus.Length)], Corpus);

            var result = PcmMessageParser.Parse(input);

            Assert.True((result.Message is null) != (result.Error is null), $"exactly one of message and error: {result}");
            if (result.Error is { } error)
            {
                errorKinds.Add(error.Kind);
                Assert.True(error.Reason.Length is >= 10 and <= 400, error.Reason);
            }
            else
            {
                messages++;
            }

            if (result.Message is PcmDtmf dtmf)
            {
                Assert.Contains(dtmf.Digit, "0123456789*#ABCD");
            }
        }

        Assert.True(messages > 20, $"{messages} messages");
        Assert.True(errorKinds.Count >= 6, string.Join(", ", errorKinds));
    }

    [Fact]
    public void Any_frame_size_is_either_valid_or_refused_for_a_stated_reason()
    {
        var random = new Random(320);
        foreach (var rate in PcmAudioFormat.SupportedRates)
        {
            var format = new PcmAudioFormat(rate);
            for (var i = 0; i < 2000; i++)
            {
                var size = random.Next(0, format.MaxFrameBytes * 2);

                var error = format.ValidateFrame(size);

                Assert.Equal(size % 2 == 0 && size <= format.MaxFrameBytes, error is null);
            }
        }
    }
}
