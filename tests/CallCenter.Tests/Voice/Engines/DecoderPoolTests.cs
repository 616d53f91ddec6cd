using CallCenter.Calls;
using CallCenter.Voice;
using CallCenter.Voice.Engines;

namespace CallCenter.Tests.Voice.Engines;

/// <summary>
/// The decoder pool with real PocketSphinx decoders (sessions outnumbering decoders, reuse, the busy timeout), and its
/// queueing rules on plain objects, where the order of events can be set up exactly.
/// </summary>
[Collection(SpeechCollection.Name)]
public sealed class DecoderPoolTests(SpeechFixture speech)
{
    [Fact]
    public async Task More_concurrent_sessions_than_decoders_all_complete_on_reused_decoders()
    {
        string[] sentences = ["where is my order", "talk to a human", "yes please", "what is your return policy", "thank you very much", "goodbye"];
        var audio = await Task.WhenAll(sentences.Select(speech.SpeakAsync));
        using var recognizer = new PocketSphinxRecognizer(new PocketSphinxOptions { MaxDecoders = 2 }, speech.Recognizer.Grammar);

        // Twelve utterances finish at the same moment on two decoders: ten of them wait their turn.
        using var start = new ManualResetEventSlim();
        var sessions = Enumerable.Range(0, 12).Select(i => Task.Run(() =>
        {
            using var session = recognizer.StartSession(Language.En);
            session.AcceptAudio(audio[i % audio.Length]);
            start.Wait();
            return session.Finish();
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(sessions);

        for (var i = 0; i < results.Length; i++)
        {
            Assert.True(results[i].IsFinal);
            Assert.False(string.IsNullOrWhiteSpace(results[i].Text), $"utterance {i} ('{sentences[i % sentences.Length]}') came back empty");
        }

        // The same sentence gives the same words whichever decoder and whichever earlier caller it followed.
        for (var i = 0; i < sentences.Length; i++)
        {
            Assert.Equal(results[i].Text, results[i + sentences.Length].Text);
        }

        Assert.InRange(recognizer.DecodersCreated, 1, 2);
    }

    [Fact]
    public async Task Sessions_rent_a_decoder_only_while_decoding()
    {
        var audio = await speech.SpeakAsync("where is my order");
        using var recognizer = new PocketSphinxRecognizer(new PocketSphinxOptions { MaxDecoders = 1 }, speech.Recognizer.Grammar);

        await Task.Run(() =>
        {
            // Three callers speak at once on a single decoder: buffering their audio needs none.
            var sessions = Enumerable.Range(0, 3).Select(_ => recognizer.StartSession(Language.En)).ToList();
            foreach (var session in sessions) session.AcceptAudio(audio);
            Assert.Equal(0, recognizer.DecodersCreated);

            var results = sessions.Select(s => s.Finish()).ToList();
            foreach (var session in sessions) session.Dispose();

            Assert.All(results, r => Assert.Equal("where is my order", r.Text));
            Assert.Equal(1, recognizer.DecodersCreated);
        });
    }

    [Fact]
    public async Task An_exhausted_pool_fails_the_waiting_session_with_a_clear_error()
    {
        var audio = await speech.SpeakAsync("yes please");
        using var recognizer = new PocketSphinxRecognizer(
            new PocketSphinxOptions { MaxDecoders = 1, DecoderWaitSeconds = 0.2 }, speech.Recognizer.Grammar);

        await Task.Run(async () =>
        {
            // Another utterance holds the only decoder for longer than the wait.
            var held = await recognizer.Pool.RentAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            using var session = recognizer.StartSession(Language.En);
            session.AcceptAudio(audio);

            var error = Assert.Throws<SpeechRecognizerBusyException>(() => session.Finish());
            Assert.Contains("MaxDecoders", error.Message);
            Assert.Equal(0, recognizer.Pool.Waiting);

            // Once the decoder is back, the same session recognizes its utterance.
            recognizer.Pool.Return(held);
            Assert.StartsWith("yes", session.Finish().Text);
        });
    }

    [Fact]
    public async Task Waiters_are_served_in_arrival_order()
    {
        using var pool = new DecoderPool<Resource>(1, () => new Resource());
        var first = await pool.RentAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        var a = pool.RentAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        await WaitUntil(() => pool.Waiting == 1);
        var b = pool.RentAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        await WaitUntil(() => pool.Waiting == 2);

        pool.Return(first);
        var second = await a;
        Assert.Same(first, second);
        Assert.False(b.IsCompleted);
        // A newcomer does not jump the line, even with nothing idle to take it from.
        Assert.Null(pool.TryRent());

        pool.Return(second);
        Assert.Same(first, await b);
        Assert.Equal(1, pool.Created);
    }

    [Fact]
    public async Task A_discarded_object_is_replaced_for_the_next_waiter()
    {
        using var pool = new DecoderPool<Resource>(1, () => new Resource());
        var broken = await pool.RentAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        var waiting = pool.RentAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        await WaitUntil(() => pool.Waiting == 1);

        pool.Discard(broken);
        var replacement = await waiting;

        Assert.True(broken.Disposed);
        Assert.NotSame(broken, replacement);
        Assert.Equal(2, pool.Created);
    }

    [Fact]
    public async Task A_timed_out_waiter_leaves_the_line()
    {
        using var pool = new DecoderPool<Resource>(1, () => new Resource());
        var held = await pool.RentAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        await Assert.ThrowsAsync<TimeoutException>(() => pool.RentAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None));

        Assert.Equal(0, pool.Waiting);
        pool.Return(held);
        Assert.Same(held, pool.TryRent());
    }

    [Fact]
    public async Task A_failing_factory_frees_its_slot()
    {
        var fail = true;
        using var pool = new DecoderPool<Resource>(1, () => fail ? throw new InvalidOperationException("model missing") : new Resource());

        await Assert.ThrowsAsync<InvalidOperationException>(() => pool.RentAsync(TimeSpan.FromSeconds(30), CancellationToken.None));
        fail = false;

        Assert.NotNull(await pool.RentAsync(TimeSpan.FromSeconds(30), CancellationToken.None));
    }

    /// <summary>Lets the other task run until it reaches the expected state; fails instead of hanging if it never does.</summary>
    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 10_000 && !condition(); i++) await Task.Delay(1);
        Assert.True(condition(), "the pool never reached the expected state");
    }

    private sealed class Resource : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
