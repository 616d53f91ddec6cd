using CallCenter.Calls;
using CallCenter.Gateway.Voice;

namespace CallCenter.Tests.Voice;

public sealed class DtmfAndPlayoutTests
{
    [Fact]
    public void Digits_ended_by_hash_make_an_order_number_the_brain_understands()
    {
        var keys = new DtmfCollector();
        Assert.All("1001", k => Assert.Null(keys.Add(k, Language.En)));
        var said = keys.Add('#', Language.En);
        Assert.Equal("my order number is A1001", said);
        var nlu = CallCenter.Tests.Understanding.DemoNlu.Understand(said!);
        Assert.Contains(new Entity(EntityTypes.OrderNumber, "A1001"), nlu.Entities);

        Assert.Null(keys.Add('#', Language.En)); // nothing collected
        Assert.Equal("订单号是A1005", Press(keys, "1005#", Language.Zh));
    }

    [Fact]
    public void Zero_alone_asks_for_a_person_and_star_starts_over()
    {
        var keys = new DtmfCollector();
        var human = keys.Add('0', Language.En);
        Assert.Equal(Intent.HumanAgent, CallCenter.Tests.Understanding.DemoNlu.Understand(human!).Intent);
        Assert.Equal(Intent.HumanAgent, CallCenter.Tests.Understanding.DemoNlu.Understand(keys.Add('0', Language.Zh)!).Intent);

        keys.Add('9', Language.En);
        keys.Add('*', Language.En);
        Assert.Equal("my order number is A1003", Press(keys, "1003#", Language.En));
        Assert.Throws<ArgumentException>(() => keys.Add('x', Language.En));
    }

    [Fact]
    public void Playout_releases_frames_in_order_and_knows_what_was_heard_when_cleared()
    {
        var playout = new Playout(frameSamples: 160);
        playout.Enqueue(0, "Order A1001 has shipped.", Tone(160 * 4));
        playout.Enqueue(1, "It is expected to arrive on November twenty seven.", Tone(160 * 10));
        Assert.True(playout.Speaking);

        for (var i = 0; i < 4 + 5; i++)
        {
            Assert.NotNull(playout.NextFrame());
        }

        Assert.True(playout.EchoReferenceRms > 1000);
        var heard = playout.Clear();
        Assert.Equal("Order A1001 has shipped. It is expected to", heard); // 5 of 10 frames: 4 of 9 words
        Assert.False(playout.Speaking);
        Assert.Null(playout.NextFrame());
        Assert.Equal(0, playout.EchoReferenceRms);
    }

    [Fact]
    public void A_reply_played_to_the_end_is_not_counted_as_heard_of_the_next_one()
    {
        var playout = new Playout(frameSamples: 160);
        playout.Enqueue(0, "Hello, how can I help?", Tone(160 * 3));
        while (playout.NextFrame() is not null)
        {
        }

        playout.Enqueue(1, "Order A1003 is being prepared and has not shipped yet.", Tone(160 * 10));
        for (var i = 0; i < 5; i++)
        {
            playout.NextFrame();
        }

        playout.Pause(); // barge-in
        Assert.Null(playout.NextFrame());
        Assert.Equal("Order A1003 is being prepared", playout.Clear()); // 5 of 10 frames: 4 of 9 words
    }

    [Fact]
    public void Frames_carry_each_sentence_in_order_with_its_last_frame_padded_with_silence()
    {
        var playout = new Playout(frameSamples: 160);
        var first = Tone(160 * 2 + 40);
        var second = Tone(160);
        playout.Enqueue(0, "One.", first);
        playout.Enqueue(1, "Two.", second);

        var released = new List<short>();
        while (playout.NextFrame() is { } frame)
        {
            Assert.Equal(160, frame.Length);
            released.AddRange(frame); // the frame is the playout's buffer: copied before the next one
        }

        short[] expected = [.. first, .. new short[120], .. second];
        Assert.Equal(expected, released);
        Assert.False(playout.Speaking);
    }

    [Fact]
    public void Audio_queued_while_a_reply_plays_follows_it_seamlessly()
    {
        var playout = new Playout(frameSamples: 160);
        var noise = new Random(3);
        short[] Audio(int samples) => [.. Enumerable.Range(0, samples).Select(_ => (short)noise.Next(-8000, 8000))];
        var expected = new List<short>();
        var released = new List<short>();
        void Play(int frames)
        {
            for (var i = 0; i < frames; i++) released.AddRange(playout.NextFrame()!);
        }

        var first = Audio(160 * 60);
        playout.Enqueue(0, "First.", first);
        expected.AddRange(first);
        Play(50);
        // Written in place by a converter (as resampled audio is), while 10 frames of the first are still queued.
        var second = Audio(160 * 60 - 7);
        playout.Enqueue(1, "Second.", 160 * 61, destination =>
        {
            second.CopyTo(destination);
            return second.Length;
        });
        expected.AddRange(second);
        expected.AddRange(new short[7]);
        Play(30);
        var third = Audio(160 * 150); // more than the buffer has held so far
        playout.Enqueue(2, "Third.", third);
        expected.AddRange(third);
        while (playout.NextFrame() is { } frame) released.AddRange(frame);

        Assert.Equal(expected, released);
    }

    [Fact]
    public void Replies_after_the_first_reuse_the_playout_buffer()
    {
        var playout = new Playout(frameSamples: 160);
        var sentence = Tone(8000 * 4); // 4 s at 8 kHz: 64 KB, a large object
        void Reply()
        {
            playout.Enqueue(0, "One.", sentence);
            playout.Enqueue(1, "Two.", sentence.Length, destination =>
            {
                sentence.CopyTo(destination);
                return sentence.Length;
            });
            while (playout.NextFrame() is not null)
            {
            }
        }

        Reply();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Reply();
        Reply();

        // Only the bookkeeping of four sentences (a few small objects each), no audio.
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 2048);
    }

    /// <summary>Presses each key in turn; returns what the last key produced.</summary>
    private static string? Press(DtmfCollector keys, string sequence, Language language)
    {
        string? said = null;
        foreach (var key in sequence)
        {
            said = keys.Add(key, language);
        }

        return said;
    }

    private static short[] Tone(int samples) =>
        [.. Enumerable.Range(0, samples).Select(i => (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 8000.0)))];
}
