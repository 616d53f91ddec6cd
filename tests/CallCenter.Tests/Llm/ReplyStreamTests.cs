using CallCenter.Calls;
using CallCenter.Llm;

namespace CallCenter.Tests.Llm;

/// <summary>The model's streamed text turned into the turn's meta and the sentences the caller hears.</summary>
public sealed class ReplyStreamTests
{
    /// <summary>Feeds the pieces in order and collects every sentence released, the last ones by Finish.</summary>
    private static List<string> Stream(ReplyStream reply, params string[] deltas)
    {
        var said = new List<string>();
        foreach (var delta in deltas)
        {
            said.AddRange(reply.Add(delta));
        }

        said.AddRange(reply.Finish());
        return said;
    }

    private static string[] CharByChar(string text) => [.. text.Select(c => c.ToString())];

    [Fact]
    public void The_meta_object_is_read_and_never_spoken()
    {
        var reply = new ReplyStream();
        var said = Stream(reply, """{"intent":"order_status","emotion":-0.4,"sure":false} Your order A1001 has shipped. It arrives Friday.""");

        Assert.Equal(["Your order A1001 has shipped.", "It arrives Friday."], said);
        Assert.Equal(new ReplyMeta(Intent.OrderStatus, -0.4, false), reply.Meta);
        Assert.True(reply.MetaKnown);
        Assert.DoesNotContain("intent", reply.Text);
    }

    [Theory]
    [InlineData("human_agent", Intent.HumanAgent)]
    [InlineData("cancel_order", Intent.CancelOrder)]
    [InlineData("not_understood", Intent.NotUnderstood)]
    [InlineData("ProductInfo", Intent.ProductInfo)]
    public void Snake_case_intents_become_the_intent(string said, Intent expected)
    {
        var reply = new ReplyStream();
        Stream(reply, $$"""{"intent":"{{said}}"} Sure.""");
        Assert.Equal(expected, reply.Meta.Intent);
        Assert.True(reply.Meta.Sure);
        Assert.Null(reply.Meta.Emotion);
    }

    [Theory]
    [InlineData("refund_please")]
    [InlineData("42")]
    public void An_intent_that_is_not_one_of_ours_is_no_intent(string said)
    {
        var reply = new ReplyStream();
        Stream(reply, $$"""{"intent":"{{said}}","emotion":0.5} Sure.""");
        Assert.Null(reply.Meta.Intent);
        Assert.Equal(0.5, reply.Meta.Emotion);
    }

    [Theory]
    [InlineData("3.5", 1.0)]
    [InlineData("-7", -1.0)]
    [InlineData("0.25", 0.25)]
    public void Emotion_is_clamped_to_minus_one_and_one(string emotion, double expected)
    {
        var reply = new ReplyStream();
        Stream(reply, $$"""{"intent":"complaint","emotion":{{emotion}},"sure":true} I'm sorry.""");
        Assert.Equal(expected, reply.Meta.Emotion);
    }

    [Fact]
    public void A_meta_object_arriving_one_character_at_a_time_is_read_whole()
    {
        var reply = new ReplyStream();
        var text = """{"intent":"complaint","emotion":-0.8,"sure":false,"note":"a } inside a string"} I'm sorry about that. Let me fix it.""";
        var said = new List<string>();
        foreach (var delta in CharByChar(text))
        {
            said.AddRange(reply.Add(delta));
            Assert.All(said, s => Assert.DoesNotContain("{", s));
        }

        said.AddRange(reply.Finish());
        Assert.Equal(["I'm sorry about that.", "Let me fix it."], said);
        Assert.Equal(new ReplyMeta(Intent.Complaint, -0.8, false), reply.Meta);
    }

    [Fact]
    public void Nothing_is_released_while_the_meta_object_is_still_open()
    {
        var reply = new ReplyStream();
        Assert.Empty(reply.Add("""{"intent":"order_status", """));
        Assert.False(reply.MetaKnown);
        Assert.Empty(reply.Add(""" "emotion":0} Hello there. """));
        Assert.True(reply.MetaKnown);
        Assert.Equal(["Hello there."], reply.Add("Anything else?"));
    }

    [Fact]
    public void A_reply_without_meta_is_plain_text()
    {
        var reply = new ReplyStream();
        var said = Stream(reply, "Your refund ", "is on its way. ", "Anything else?");

        Assert.Equal(["Your refund is on its way.", "Anything else?"], said);
        Assert.Same(ReplyMeta.None, reply.Meta);
        Assert.True(reply.MetaKnown);
    }

    [Fact]
    public void A_malformed_meta_costs_the_meta_not_the_answer()
    {
        var reply = new ReplyStream();
        var said = Stream(reply, """{"intent": order_status, emotion: -0.2} Your order """, "has shipped. Thanks for waiting.");

        Assert.Same(ReplyMeta.None, reply.Meta);
        Assert.Equal(["Your order has shipped.", "Thanks for waiting."], said);
    }

    [Fact]
    public void A_runaway_brace_is_not_spoken()
    {
        var reply = new ReplyStream();
        var runaway = "{\"intent\":\"order_status\", \"thinking\": \"" + string.Concat(Enumerable.Repeat("The caller wants their order. ", 25));
        Assert.True(runaway.Length > 600);

        Assert.Empty(reply.Add(runaway));
        Assert.True(reply.MetaKnown);
        Assert.Empty(reply.Finish());
        Assert.Equal("", reply.Text);
        Assert.Same(ReplyMeta.None, reply.Meta);
    }

    [Fact]
    public void An_unfinished_meta_at_the_end_of_the_stream_is_not_spoken()
    {
        var reply = new ReplyStream();
        Assert.Empty(reply.Add("""{"intent":"order_status","emo"""));
        Assert.Empty(reply.Finish());
        Assert.Equal("", reply.Text);
    }

    [Fact]
    public void A_price_is_not_split_at_its_decimal_point()
    {
        var reply = new ReplyStream();
        Assert.Empty(reply.Add("The total is $129."));
        Assert.Empty(reply.Add("00 today."));
        Assert.Equal(["The total is $129.00 today."], reply.Add(" Shall I"));
        Assert.Equal(["Shall I place it?"], reply.Add(" place it?").Concat(reply.Finish()));
    }

    [Fact]
    public void A_sentence_is_released_as_soon_as_the_next_one_starts()
    {
        var reply = new ReplyStream();
        Assert.Empty(reply.Add("Your order shipped"));
        Assert.Empty(reply.Add(" yesterday."));
        Assert.Equal(["Your order shipped yesterday."], reply.Add(" It"));
        Assert.Empty(reply.Add(" arrives Friday."));
        Assert.Equal(["It arrives Friday."], reply.Finish());
    }

    [Fact]
    public void Words_are_not_glued_together_when_a_piece_ends_in_a_space()
    {
        var reply = new ReplyStream();
        var said = Stream(reply, "Sure. Your ", "order has shipped. ", "It arrives ", "on Friday.");
        Assert.Equal(["Sure.", "Your order has shipped.", "It arrives on Friday."], said);
    }

    [Fact]
    public void Chinese_sentences_end_at_full_width_stops()
    {
        var reply = new ReplyStream();
        var said = new List<string>();
        foreach (var delta in CharByChar("""{"intent":"order_status","emotion":0.1,"sure":true}您的订单已发货！预计周五送达。还有什么可以帮您？"""))
        {
            said.AddRange(reply.Add(delta));
        }

        Assert.Equal(["您的订单已发货！", "预计周五送达。"], said);
        Assert.Equal(["还有什么可以帮您？"], reply.Finish());
        Assert.Equal(Intent.OrderStatus, reply.Meta.Intent);
    }

    [Fact]
    public void Finish_returns_the_trailing_sentence_and_Text_joins_everything_said()
    {
        var reply = new ReplyStream();
        Assert.Equal(["Your order has shipped."], reply.Add("""{"intent":"order_status"} Your order has shipped. It arrives"""));
        Assert.Equal("Your order has shipped.", reply.Text);
        Assert.Equal(["It arrives Friday"], reply.Add(" Friday").Concat(reply.Finish()));
        Assert.Equal("Your order has shipped. It arrives Friday", reply.Text);
    }

    [Fact]
    public void An_empty_reply_says_nothing()
    {
        var reply = new ReplyStream();
        Assert.Empty(Stream(reply, "", "  "));
        Assert.Equal("", reply.Text);
    }

    [Fact]
    public void The_fast_form_speaks_at_once_and_reads_the_closing_object()
    {
        var reply = new ReplyStream();
        var first = reply.Add("[sure] Your order A1001 has shipped. It ");
        Assert.True(reply.MetaKnown);
        Assert.Equal(["Your order A1001 has shipped."], first); // released before the rest arrives

        var said = first.Concat(Stream(reply, CharByChar("""arrives Friday. {"intent":"order_status","emotion":-0.3}"""))).ToList();
        Assert.Equal(["Your order A1001 has shipped.", "It arrives Friday."], said);
        Assert.Equal(new ReplyMeta(Intent.OrderStatus, -0.3, true), reply.Meta);
        Assert.Equal("Your order A1001 has shipped. It arrives Friday.", reply.Text);
    }

    [Fact]
    public void An_unsure_tag_is_known_before_any_word()
    {
        var reply = new ReplyStream();
        Assert.Empty(reply.Add("[uns"));
        Assert.False(reply.MetaKnown);
        Assert.Empty(reply.Add("ure] Maybe"));
        Assert.True(reply.MetaKnown);
        Assert.False(reply.Meta.Sure);
    }

    [Fact]
    public void The_last_sentence_ends_where_the_closing_object_starts_even_without_a_full_stop()
    {
        var reply = new ReplyStream();
        var said = Stream(reply, "[sure] 您的订单已发货", """{"intent":"order_status","emotion":0.1}""");
        Assert.Equal(["您的订单已发货"], said);
        Assert.Equal(Intent.OrderStatus, reply.Meta.Intent);
    }

    [Fact]
    public void A_tag_without_a_closing_object_keeps_its_words_and_its_sureness()
    {
        var reply = new ReplyStream();
        Assert.Equal(["Let me check.", "One moment"], Stream(reply, "[unsure] Let me check. One moment"));
        Assert.Equal(new ReplyMeta(null, null, false), reply.Meta);
    }

    [Fact]
    public void Brackets_that_are_not_a_tag_are_spoken()
    {
        var reply = new ReplyStream();
        Assert.Equal(["[Note] Your order has shipped."], Stream(reply, "[Note] Your order has shipped."));
    }

    [Fact]
    public void A_spoken_reply_says_its_first_clause_as_soon_as_it_is_complete_and_whole_sentences_after()
    {
        var reply = new ReplyStream(speakFirstClause: true);
        Assert.Empty(reply.Add("[sure] S"));
        Assert.Empty(reply.Add("orry,")); // "Sorry," or "Sorry,000"? Not known before the next character.
        Assert.Equal(["Sorry,"], reply.Add(" I can"));
        Assert.Empty(reply.Add("'t find order A1, which"));
        Assert.Equal(["I can't find order A1, which you gave."], reply.Add(" you gave. Can"));
        Assert.Equal(["Can you check it?"], reply.Add(" you check it?").Concat(reply.Finish()));
        Assert.Equal("Sorry, I can't find order A1, which you gave. Can you check it?", reply.Text);
    }

    [Theory]
    [InlineData("[sure] 好的，您的订单已发货。", new[] { "好的，", "您的订单已发货。" })]
    [InlineData("[sure] It costs $1,299, shipped free.", new[] { "It costs $1,299,", "shipped free." })]
    [InlineData("[sure] Sure: your return is open. Thanks, bye.", new[] { "Sure:", "your return is open.", "Thanks, bye." })]
    [InlineData("[sure] Your order shipped. Sorry, it is late.", new[] { "Your order shipped.", "Sorry, it is late." })]
    public void Only_the_first_clause_of_a_spoken_reply_goes_alone(string text, string[] expected) =>
        Assert.Equal(expected, Stream(new ReplyStream(speakFirstClause: true), CharByChar(text)));

    [Fact]
    public void A_reply_for_the_text_channel_keeps_whole_sentences() =>
        Assert.Equal(["Sorry, I can't find order A1."], Stream(new ReplyStream(), CharByChar("[sure] Sorry, I can't find order A1.")));
}
