using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenter.Calls;
using CallCenter.FakeOpenAi;
using CallCenter.Llm;
using CallCenter.Voice;
using CallCenter.Voice.Engines;

namespace CallCenter.LlmBench;

/// <summary>
/// First model token → first audio frame out, on voice calls over the Twilio Media Streams endpoint. Each turn is an
/// order number typed on the keypad (DTMF digits and '#', which the engine turns into "my order number is A…", the
/// same call grain → model → TTS path as speech, without depending on speech recognition). The fake model runs in
/// this process and notes when it wrote each chunk of its answer; the caller notes when the first media message of the
/// bot's reply arrived: one clock for both. Every order number is new (so no sentence comes from the TTS audio cache),
/// and no turn starts until the bot has been quiet for a second (the greeting and the previous reply played out).
/// </summary>
public static class VoiceTurnBench
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var answers = new ConcurrentDictionary<string, AnswerMarks>();
        await using var model = await FakeOpenAiServer.StartAsync(new BenchModel(options).Respond, options.ModelPort);
        model.OnContentChunk = (call, index, text) =>
        {
            var now = Stopwatch.GetTimestamp();
            if (BenchModel.AnswerFor(call) is { Length: > 0 } order)
            {
                answers.GetOrAdd(order, _ => new AnswerMarks()).Chunk(index, text, now);
            }
        };

        var run = Random.Shared.Next(100, 1000).ToString(CultureInfo.InvariantCulture); // a fresh order number per run, too
        var turns = new ConcurrentBag<TurnSample>();
        var brains = new Tally();
        var errors = new Tally();
        Console.Error.WriteLine(
            $"voice: {options.Calls} calls × {options.Turns} keypad turns against {options.Url}media/twilio, fake model on :{options.ModelPort} " +
            $"({options.ModelDelayMs} ms to first chunk, then {options.ChunkChars} characters every {options.ChunkMs} ms)");

        await Task.WhenAll(Enumerable.Range(0, options.Calls).Select(async i =>
        {
            await Task.Delay(i * 400); // calls arrive over a few seconds, so their turns do not all line up
            try
            {
                var callSid = await CallAsync(options, i, run, turns);
                using var http = new HttpClient { BaseAddress = options.Url };
                // The call records are staff's to read: an operator key (CALLCENTER_API_KEY; benchmark.sh makes one).
                http.DefaultRequestHeaders.Authorization = new("Bearer", Environment.GetEnvironmentVariable("CALLCENTER_API_KEY"));
                var record = await http.GetFromJsonAsync<JsonElement>($"api/calls/{callSid}");
                foreach (var turn in record.GetProperty("turns").EnumerateArray().Skip(1)) // the greeting
                {
                    if (turn.GetProperty("speaker").GetString() == "bot")
                    {
                        brains.Add(turn.GetProperty("brain").GetString() ?? "?");
                    }
                }

                Console.Error.WriteLine($"  call {i,2} done: {turns.Count} turns measured so far");
            }
            catch (Exception ex)
            {
                errors.Add(ex.GetType().Name);
                Console.Error.WriteLine($"  call {i}: {ex.GetType().Name}: {ex.Message}");
            }
        }));

        var tokenToAudio = new Samples();
        var tokenToWord = new Samples();
        var wordToSentence = new Samples();
        var sentenceToAudio = new Samples();
        var keyToToken = new Samples();
        var keyToAudio = new Samples();
        long noAudio = 0, noAnswer = 0, audioFirst = 0;
        foreach (var turn in turns)
        {
            if (!answers.TryGetValue(turn.Order, out var marks) || marks.SentenceComplete == 0)
            {
                noAnswer++;
                continue;
            }

            if (turn.FirstAudio == 0)
            {
                noAudio++;
                continue;
            }

            if (turn.FirstAudio < marks.FirstToken)
            {
                audioFirst++; // audio before the answer started: a filler, not the answer
                continue;
            }

            tokenToAudio.Add(Ms(marks.FirstToken, turn.FirstAudio));
            tokenToWord.Add(Ms(marks.FirstToken, marks.FirstWord));
            wordToSentence.Add(Ms(marks.FirstWord, marks.SentenceComplete));
            sentenceToAudio.Add(Ms(marks.SentenceComplete, turn.FirstAudio));
            keyToToken.Add(Ms(turn.KeyPressed, marks.FirstToken));
            keyToAudio.Add(Ms(turn.KeyPressed, turn.FirstAudio));
        }

        var synthesis = await TimeSynthesisAsync(answers.Values.Select(a => a.FirstSentence).Where(s => s.Length > 0).ToArray());
        var chunking = options.ChunkMs > 0
            ? $"the answer {options.ChunkChars} characters every {options.ChunkMs} ms"
            : "the answer's chunks back to back (an instantly fast model)";
        Console.Out.WriteLine();
        Console.Out.WriteLine($"voice model turns: {options.Calls} Twilio calls × {options.Turns} keypad turns, model {options.ModelDelayMs} ms to first chunk per request, {chunking}");
        void Line(string label, string value) => Console.Out.WriteLine($"  {label,-56}{value}");
        Line("turns measured", $"{tokenToAudio.Count} of {options.Calls * options.Turns}   (no answer {noAnswer}, no audio within {ReplyTimeout.TotalSeconds:F0} s {noAudio}, audio before the answer {audioFirst})");
        Line("first model token -> first audio frame (ms)", tokenToAudio.Summary("F1"));
        Line("  first token -> first word, the [sure] tag (model)", tokenToWord.Summary("F1"));
        Line("  first word -> first piece complete (model: first clause, or sentence)", wordToSentence.Summary("F1"));
        Line("  first piece complete -> first frame (engine)", sentenceToAudio.Summary("F1"));
        Line("    synthesis of the first piece, timed alone", synthesis.Summary("F1"));
        Line("'#' -> first model token (DTMF, model, tool, model)", keyToToken.Summary("F1"));
        Line("'#' -> first audio frame (what the caller waits)", keyToAudio.Summary("F1"));
        Line("bot turns by brain (call records)", brains.ToString());
        Line("errors", errors.ToString());
        return 0;
    }

    /// <summary>One call: start, let the greeting play, then each turn types a new order number and waits for the answer's audio.</summary>
    private static async Task<string> CallAsync(BenchOptions options, int index, string run, ConcurrentBag<TurnSample> turns)
    {
        var callSid = "CA" + Guid.NewGuid().ToString("N");
        await using var line = await TwilioLine.ConnectAsync(options.Url, callSid, index);
        for (var turn = 0; turn < options.Turns; turn++)
        {
            await line.WaitQuietAsync(Quiet);
            var digits = string.Create(CultureInfo.InvariantCulture, $"5{run}{index:D2}{turn:D2}");
            var (pressed, firstAudio) = await line.TypeAsync(digits, ReplyTimeout);
            turns.Add(new TurnSample("A" + digits, pressed, firstAudio));
        }

        await line.WaitQuietAsync(Quiet);
        return callSid;
    }

    /// <summary>Synthesis time of each sentence with the engine's embedded synthesizer, one after the other.</summary>
    private static async Task<Samples> TimeSynthesisAsync(IReadOnlyList<string> sentences)
    {
        var samples = new Samples();
        var synthesizer = new EspeakNgSynthesizer();
        await synthesizer.SynthesizeAsync("Warming up.", Language.En, CancellationToken.None);
        foreach (var sentence in sentences)
        {
            var started = Stopwatch.GetTimestamp();
            await synthesizer.SynthesizeAsync(sentence, Language.En, CancellationToken.None);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return samples;
    }

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    private sealed record TurnSample(string Order, long KeyPressed, long FirstAudio);

    /// <summary>
    /// When the model wrote its answer: the first chunk (the first token, the start of the "[sure]" tag), the first
    /// chunk with words after the tag, and the chunk after which the engine can speak its first piece: the reply's
    /// first clause or, without one, its first sentence. Decided by the engine's own <see cref="ReplyStream"/>, as a
    /// voice call's model turn runs it (Llm:SpeakFirstClause on, the default, and the e-commerce pack).
    /// </summary>
    private sealed class AnswerMarks
    {
        private readonly System.Text.StringBuilder _text = new();
        private readonly ReplyStream _reply = new(speakFirstClause: true);
        public long FirstToken { get; private set; }
        public long FirstWord { get; private set; }
        public long SentenceComplete { get; private set; }
        public string FirstSentence { get; private set; } = "";

        public void Chunk(int index, string text, long now)
        {
            lock (_text)
            {
                _text.Append(text);
                if (index == 0)
                {
                    FirstToken = now;
                }

                if (SentenceComplete != 0)
                {
                    return;
                }

                var all = _text.ToString();
                var tagEnd = all.IndexOf(']', StringComparison.Ordinal);
                if (FirstWord == 0 && tagEnd >= 0 && all[(tagEnd + 1)..].Trim().Length > 0)
                {
                    FirstWord = now;
                }

                if (_reply.Add(text) is { Count: > 0 } pieces)
                {
                    SentenceComplete = now;
                    FirstSentence = pieces[0];
                }
            }
        }
    }
}
