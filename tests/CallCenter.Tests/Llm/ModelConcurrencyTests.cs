using CallCenter.FakeOpenAi;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Llm;

/// <summary>
/// Model turns of different calls wait on the model at the same time: the language-model grain does not queue them
/// behind each other (a stateless worker alone runs one turn at a time per activation, one activation per core).
/// </summary>
[Collection(OpenAiModelCollection.Name)]
public sealed class ModelConcurrencyTests(OpenAiModelHostFixture host)
{
    [Fact]
    public async Task Model_turns_of_several_calls_are_with_the_model_at_once()
    {
        const int calls = 4; // more than the cores of a small machine
        var arrived = 0;
        using var allThere = new ManualResetEventSlim();
        host.Model.Script(_ =>
        {
            // The model answers each request only once every call's request has reached it (or gives up waiting).
            if (Interlocked.Increment(ref arrived) >= calls)
            {
                allThere.Set();
            }

            return ModelResponse.Say(allThere.Wait(TimeSpan.FromSeconds(10)) ? "We were all here together." : "I waited alone.");
        });
        try
        {
            var api = new ChatApi(host.Http);
            var ids = await Task.WhenAll(Enumerable.Range(0, calls).Select(async _ => (await api.StartAsync("en")).CallId));
            var replies = await Task.WhenAll(ids.Select((id, i) => api.SayAsync(id, $"where is my order A100{i + 1}")));

            Assert.All(replies, reply =>
            {
                Assert.StartsWith("model:", reply.Brain);
                Assert.Equal("We were all here together.", reply.Reply);
            });
        }
        finally
        {
            host.Model.Script(ScriptedModel.Respond);
        }
    }
}
