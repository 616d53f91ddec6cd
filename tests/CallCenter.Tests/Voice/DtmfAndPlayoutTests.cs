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
