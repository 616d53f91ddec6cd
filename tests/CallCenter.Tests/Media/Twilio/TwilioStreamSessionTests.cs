using CallCenter.Gateway.Media.Twilio;
using static CallCenter.Tests.Media.Twilio.TwilioSamples;

namespace CallCenter.Tests.Media.Twilio;

public sealed class TwilioStreamSessionTests
{
    private readonly TwilioMessageParser _parser = new();
    private readonly TwilioStreamSession _session = new();

    private TwilioSessionResult Receive(string json) => _session.Receive(_parser.Parse(Utf8(json)));

    private void Started()
    {
        Assert.True(Receive(Connected).IsAccepted);
        Assert.True(Receive(Start).IsAccepted);
    }

    private static void AssertRejected(TwilioSessionResult result, string reasonFragment)
    {
        Assert.False(result.IsAccepted);
        Assert.Contains(reasonFragment, result.Error);
    }

    [Fact]
    public void A_whole_stream_goes_through_its_states()
    {
        Assert.Equal(TwilioStreamState.AwaitingConnected, _session.State);
        Assert.True(Receive(Connected).IsAccepted);
        Assert.Equal(TwilioStreamState.AwaitingStart, _session.State);
        Assert.True(Receive(Start).IsAccepted);
        Assert.Equal(TwilioStreamState.Streaming, _session.State);
        Assert.Equal(StreamSid, _session.StreamSid);
        Assert.Equal("+15550100", _session.Start!.CustomParameters["from"]);

        Assert.True(Receive(MediaMessage(sequenceNumber: 2, timestamp: 0)).IsAccepted);
        Assert.True(Receive(MediaMessage(sequenceNumber: 3, timestamp: 20)).IsAccepted);
        Assert.True(Receive(MediaMessage(sequenceNumber: 4, timestamp: 40)).IsAccepted);
        Assert.True(Receive(Dtmf).IsAccepted);
        Assert.True(Receive(Stop).IsAccepted);

        Assert.Equal(TwilioStreamState.Stopped, _session.State);
        Assert.Equal(3, _session.MediaMessages);
        Assert.Equal(40, _session.LastMediaTimestamp);
        Assert.Equal(6, _session.LastSequenceNumber);
        Assert.Equal((0L, 0L, 0L), (_session.SequenceGaps, _session.MissingMessages, _session.RepeatedOrLateMessages));
    }

    [Fact]
    public void Media_before_start_is_rejected()
    {
        AssertRejected(Receive(MediaMessage()), "media arrived before start");
        Assert.True(Receive(Connected).IsAccepted);
        AssertRejected(Receive(MediaMessage()), "media arrived before start");
        AssertRejected(Receive(Mark()), "mark arrived before start");
        AssertRejected(Receive(Dtmf), "dtmf arrived before start");
        AssertRejected(Receive(Stop), "stop arrived before start");
        Assert.Equal(TwilioStreamState.AwaitingStart, _session.State);
        Assert.Equal(0, _session.MediaMessages);
    }

    [Fact]
    public void Start_before_connected_is_rejected()
    {
        AssertRejected(Receive(Start), "start arrived before connected");
        Assert.Null(_session.Start);
    }

    [Fact]
    public void A_second_start_or_connected_is_rejected_and_changes_nothing()
    {
        Started();
        var first = _session.Start;

        AssertRejected(Receive(Start.Replace(CallSid, "CA00000000000000000000000000000000")), "second start");
        AssertRejected(Receive(Connected), "connected arrived again");

        Assert.Same(first, _session.Start);
        Assert.Equal(TwilioStreamState.Streaming, _session.State);
    }

    [Fact]
    public void Nothing_is_accepted_after_stop()
    {
        Started();
        Assert.True(Receive(Stop).IsAccepted);

        AssertRejected(Receive(MediaMessage(sequenceNumber: 7)), "media arrived after stop");
        AssertRejected(Receive(Stop), "stop arrived after stop");
        AssertRejected(Receive(Mark()), "after stop");
    }

    [Fact]
    public void Media_for_another_stream_is_rejected()
    {
        Started();

        AssertRejected(Receive(MediaMessage().Replace(StreamSid, "MZ00000000000000000000000000000000")), "arrived on stream");
    }

    [Fact]
    public void A_parse_error_is_rejected_with_its_reason()
    {
        Started();

        AssertRejected(Receive("""{"event":"media"}"""), "no media");
    }

    [Fact]
    public void Sequence_gaps_and_repeats_are_counted_and_tolerated()
    {
        Started();  // start is sequence number 1
        foreach (var number in new long[] { 2, 3, 6, 7, 7, 5, 8, 20 })
        {
            Assert.True(Receive(MediaMessage(sequenceNumber: number)).IsAccepted);
        }

        Assert.Equal(2, _session.SequenceGaps);            // 3 -> 6 and 8 -> 20
        Assert.Equal(2 + 11, _session.MissingMessages);    // 4, 5 and 9..19
        Assert.Equal(2, _session.RepeatedOrLateMessages);  // the second 7, and 5 after 7
        Assert.Equal(20, _session.LastSequenceNumber);
        Assert.Equal(8, _session.MediaMessages);
    }

    [Fact]
    public void An_echoed_mark_means_the_audio_up_to_it_was_played()
    {
        Started();
        _session.OnMarkSent("m1");
        _session.OnMarkSent("m2");
        _session.OnMarkSent("m3");

        Assert.Equal(new TwilioSessionResult(null, TwilioMarkEcho.Played), Receive(Mark("m1")));
        Assert.Equal("m1", _session.LastPlayedMark);
        Assert.Equal(["m2", "m3"], _session.PendingMarks);

        // m2's echo is missing, but m3's audio played after m2's, so both were heard.
        Assert.Equal(TwilioMarkEcho.Played, Receive(Mark("m3", sequenceNumber: 5)).MarkEcho);
        Assert.Equal("m3", _session.LastPlayedMark);
        Assert.Equal(3, _session.PlayedMarks);
        Assert.Empty(_session.PendingMarks);
    }

    [Fact]
    public void Marks_echoed_after_a_clear_count_as_not_played()
    {
        Started();
        _session.OnMarkSent("m1");
        _session.OnMarkSent("m2");
        _session.OnMarkSent("m3");
        Assert.Equal(TwilioMarkEcho.Played, Receive(Mark("m1")).MarkEcho);

        _session.OnClearSent();  // barge-in: m2's and m3's audio is dropped
        _session.OnMarkSent("m4");

        Assert.Equal(["m4"], _session.PendingMarks);
        Assert.Equal(["m2", "m3"], _session.ClearedMarksAwaitingEcho);
        Assert.Equal(TwilioMarkEcho.Cleared, Receive(Mark("m2", 5)).MarkEcho);
        Assert.Equal(TwilioMarkEcho.Cleared, Receive(Mark("m3", 6)).MarkEcho);
        Assert.Equal("m1", _session.LastPlayedMark);
        Assert.Equal(2, _session.ClearedMarks);

        Assert.Equal(TwilioMarkEcho.Played, Receive(Mark("m4", 7)).MarkEcho);
        Assert.Equal("m4", _session.LastPlayedMark);
        Assert.Equal(2, _session.PlayedMarks);
    }

    [Fact]
    public void A_mark_name_reused_after_a_clear_is_attributed_to_the_cleared_mark_first()
    {
        Started();
        _session.OnMarkSent("speech");
        _session.OnClearSent();
        _session.OnMarkSent("speech");

        Assert.Equal(TwilioMarkEcho.Cleared, Receive(Mark("speech")).MarkEcho);
        Assert.Null(_session.LastPlayedMark);
        Assert.Equal(TwilioMarkEcho.Played, Receive(Mark("speech", 5)).MarkEcho);
        Assert.Equal("speech", _session.LastPlayedMark);
    }

    [Fact]
    public void An_echo_of_a_mark_never_sent_is_counted_and_tolerated()
    {
        Started();
        _session.OnMarkSent("m1");

        var result = Receive(Mark("ghost"));

        Assert.True(result.IsAccepted);
        Assert.Equal(TwilioMarkEcho.Unknown, result.MarkEcho);
        Assert.Equal(1, _session.UnknownMarkEchoes);
        Assert.Equal(["m1"], _session.PendingMarks);
        Assert.Equal(TwilioMarkEcho.Unknown, Receive(Mark("ghost", 5)).MarkEcho);
    }

    [Fact]
    public void A_clear_with_nothing_pending_leaves_later_marks_playable()
    {
        Started();
        _session.OnClearSent();
        _session.OnMarkSent("m1");

        Assert.Equal(TwilioMarkEcho.Played, Receive(Mark("m1")).MarkEcho);
    }

    [Fact]
    public void Marks_cannot_be_sent_before_the_stream_started()
    {
        Assert.Throws<InvalidOperationException>(() => _session.OnMarkSent("m1"));
        Receive(Connected);
        Assert.Throws<InvalidOperationException>(() => _session.OnMarkSent("m1"));
    }
}
