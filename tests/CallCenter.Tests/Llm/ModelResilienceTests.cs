using System.Diagnostics;
using CallCenter.Calls;
using CallCenter.FakeOpenAi;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Llm;

/// <summary>
/// What the caller gets when the model misbehaves: errors, rate limits, hangs, garbage, slowness, bad tool arguments,
/// endless tool use, an unsure small model. No turn is ever silent, and each turn's record says which brain answered.
/// </summary>
[Collection(OpenAiModelCollection.Name)]
public sealed class ModelResilienceTests(OpenAiModelHostFixture host) : IDisposable
{
    private const string Answer = """{"intent":"product_info","emotion":0.2,"sure":true} The AeroBuds Pro cost 129 dollars. They are in stock.""";
    private readonly ChatApi _api = new(host.Http);

    public void Dispose() => host.Model.Script(ScriptedModel.Respond);

    [Fact]
    public async Task When_the_model_fails_mid_call_the_embedded_brain_answers_and_the_model_takes_over_again()
    {
        var call = await _api.StartAsync("en");
        var first = await _api.SayAsync(call.CallId, "hello, where is order A1001");
        Assert.Equal("model:small", first.Brain);

        host.Model.Script(_ => new ModelResponse.Error(500, "The server had an error while processing your request."));
        var second = await _api.SayAsync(call.CallId, "and where is order A1002");
        Assert.Equal("fallback", second.Brain);
        Assert.Equal(Intent.OrderStatus, second.Intent);
        Assert.Contains("A1002", second.Reply); // the embedded brain answered the question, not a canned apology

        host.Model.Script(ScriptedModel.Respond);
        var third = await _api.SayAsync(call.CallId, "what about A1001 again");
        Assert.Equal("model:small", third.Brain);

        var record = await _api.GetAsync(call.CallId);
        var bot = record.Turns.Where(t => t.Speaker == Speaker.Bot).Skip(1).ToArray(); // after the greeting
        Assert.Equal(["model:small", "fallback", "model:small"], bot.Select(t => t.Brain));
        Assert.All(bot, t => Assert.False(string.IsNullOrWhiteSpace(t.Text)));
    }

    [Fact]
    public async Task A_rate_limited_call_is_retried_after_the_time_the_service_asks()
    {
        var attempts = new List<long>();
        host.Model.Script(call =>
        {
            lock (attempts) attempts.Add(Stopwatch.GetTimestamp());
            return attempts.Count == 1 ? new ModelResponse.Error(429, "Rate limit reached.", RetryAfter: "1") : ModelResponse.Say(Answer);
        });
        var call = await _api.StartAsync("en");
        var turn = await _api.SayAsync(call.CallId, "tell me about the aerobuds pro");

        Assert.Equal("model:small", turn.Brain);
        Assert.Contains("129", turn.Reply);
        Assert.Equal(2, attempts.Count);
        Assert.True(Stopwatch.GetElapsedTime(attempts[0], attempts[1]) >= TimeSpan.FromMilliseconds(900), "the retry came before Retry-After");
    }

    [Fact]
    public async Task A_hanging_model_gets_a_filler_then_the_embedded_answer_at_the_hard_limit()
    {
        host.Model.Script(_ => new ModelResponse.Hang());
        var call = await _api.StartAsync("en");
        using var chat = await ChatSocket.ConnectAsync(host.BaseAddress, call.CallId);
        var reply = await chat.ExchangeAsync(new { type = "message", text = "how much are the aerobuds pro" });

        Assert.Equal("fallback", reply.GetProperty("brain").GetString());
        Assert.Equal("One moment, let me check that.", chat.Sentences[0]);
        Assert.True(chat.Sentences.Count >= 2, "the embedded answer follows the filler");
        var text = reply.GetProperty("reply").GetString()!;
        Assert.StartsWith("One moment, let me check that.", text);
        Assert.Contains("129", text); // the embedded brain's answer from the catalog
    }

    [Fact]
    public async Task A_malformed_stream_falls_back_to_the_embedded_brain()
    {
        host.Model.Script(_ => new ModelResponse.Malformed());
        var call = await _api.StartAsync("en");
        var turn = await _api.SayAsync(call.CallId, "where is order A1001");

        Assert.Equal("fallback", turn.Brain);
        Assert.Contains("A1001", turn.Reply);
    }

    [Fact]
    public async Task A_slow_model_is_preceded_by_a_filler_and_its_sentences_stream_before_the_reply()
    {
        host.Model.Script(_ => ModelResponse.Say(Answer, firstChunkDelay: TimeSpan.FromMilliseconds(ModelHostFixture.FillerAfterMs * 3)));
        var call = await _api.StartAsync("en");
        using var chat = await ChatSocket.ConnectAsync(host.BaseAddress, call.CallId);
        var reply = await chat.ExchangeAsync(new { type = "message", text = "how much are the aerobuds pro" });

        Assert.Equal("model:small", reply.GetProperty("brain").GetString());
        Assert.Equal(["One moment, let me check that.", "The AeroBuds Pro cost 129 dollars.", "They are in stock."], chat.Sentences);
        Assert.Equal(string.Join(" ", chat.Sentences), reply.GetProperty("reply").GetString());
        var record = await _api.GetAsync(call.CallId);
        Assert.Equal(string.Join(" ", chat.Sentences), record.Turns[^1].Text);
    }

    [Fact]
    public async Task Bad_tool_arguments_go_back_to_the_model_as_a_tool_error()
    {
        ModelCall? second = null;
        host.Model.Script(call =>
        {
            if (call.ToolResults.Count == 0)
            {
                return ModelResponse.Call(new ToolCall("get_order_status", """{"order": 1001}"""));
            }

            second = call;
            return ModelResponse.Say("""{"intent":"order_status","emotion":0,"sure":true} Could you tell me the order number again?""");
        });
        var call = await _api.StartAsync("en");
        var turn = await _api.SayAsync(call.CallId, "where's my order");

        Assert.Equal("model:small", turn.Brain);
        var (name, result) = second!.ToolResults.Single();
        Assert.Equal("get_order_status", name);
        Assert.Contains("order", result.GetProperty("error").GetString());
        Assert.Contains("order number again", turn.Reply);
    }

    [Fact]
    public async Task A_model_that_never_stops_calling_tools_is_cut_off_and_the_embedded_brain_answers()
    {
        host.Model.Script(_ => ModelResponse.Call(new ToolCall("policy_answer", """{"topic":"returns"}""")));
        var call = await _api.StartAsync("en");
        var calls = host.Model.Calls.Count;
        var turn = await _api.SayAsync(call.CallId, "where is order A1001");

        Assert.Equal("fallback", turn.Brain);
        Assert.Equal(4, host.Model.Calls.Count - calls); // Llm:MaxToolRounds
        Assert.Contains("A1001", turn.Reply);
    }

    [Fact]
    public async Task An_unsure_small_model_hands_the_turn_and_the_rest_of_the_call_to_the_large_one()
    {
        host.Model.Script(call => call.Model == "small-model"
            ? ModelResponse.Say("""{"intent":"not_understood","emotion":0,"sure":false} Maybe you mean something else.""")
            : ModelResponse.Say(Answer));
        var call = await _api.StartAsync("en");
        var first = await _api.SayAsync(call.CallId, "those ear thingies, the fancy ones, how much");
        Assert.Equal("model:large", first.Brain);
        Assert.DoesNotContain("Maybe", first.Reply); // nothing of the unsure answer was said

        var calls = host.Model.Calls.Count;
        var second = await _api.SayAsync(call.CallId, "and are they in stock");
        Assert.Equal("model:large", second.Brain);
        Assert.All(host.Model.Calls.Skip(calls), c => Assert.Equal("large-model", c.Model));
        var record = await _api.GetAsync(call.CallId);
        Assert.True(record.Usage.LargePromptTokens > 0 && record.Usage.SmallPromptTokens > 0);
    }

    [Fact]
    public async Task A_policy_question_is_answered_by_the_embedded_brain_without_a_model_call()
    {
        var call = await _api.StartAsync("en");
        var calls = host.Model.Calls.Count;
        var turn = await _api.SayAsync(call.CallId, "what is your return policy?");

        Assert.Equal("embedded", turn.Brain);
        Assert.Contains("30 days", turn.Reply);
        Assert.Equal(calls, host.Model.Calls.Count);
    }
}
