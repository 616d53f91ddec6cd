using System.Diagnostics;
using CallCenter.FakeTwilio;

namespace CallCenter.VoiceBench.Capacity;

/// <summary>
/// Capacity: how many concurrent real-time calls the engine sustains, beside a bare WebSocket relay of the same frames
/// measured in the same run (the limit of this machine's client, sockets and network). For each step of the ramp and
/// each side, N Twilio Media Streams calls talk for a warm-up, then for the measured seconds, each asking a spoken
/// question, listening to the answer until the bot has been quiet a while, and asking the next. Prints a table per
/// step and a summary; asserts nothing. See README, Voice, and tools/VoiceBench/benchmark.sh, which starts the silo.
/// </summary>
public static class CapacityBenchmark
{
    public const string Usage = """
        CallCenter.VoiceBench --mode capacity: concurrent calls sustained, engine beside a bare relay.

          --url <url>            the engine (its /media/twilio and /metrics)          (default http://127.0.0.1:8080)
          --calls <n,n,...>      the ramp: concurrent calls per step                  (default 100,250,500,1000)
          --seconds <s>          measured time per step and side                      (default 30)
          --warmup <s>           talking before measuring, after all calls connected  (default 15: the greeting plays)
          --connect-rate <n/s>   new calls per second while a step connects           (default 200)
          --engines <label>      what the silo runs, for the report                   (default pass-through)
          --silo-pid <pid>       read the silo's memory (VmRSS) for memory per call
          --answer-ms <ms>       length of the relay's answer to each utterance       (default 8400: the pass-through
                                 engine's answer to "where is my order" for the demo caller, 140 characters × 60 ms)
          --prime-calls <n>      unreported engine calls before the ramp (first-use costs out of the memory figures)
                                                                                      (default 20; 0: none)
          --sides <list>         relay,engine (default), or one of them
          --quiet-ms <ms>        bot silence after which the caller asks again        (default 700)
          --answer-timeout <s>   a question not answered within this is unanswered    (default 10)
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--help"))
        {
            Console.WriteLine(Usage);
            return 0;
        }

        var engineUrl = new Uri(BenchArguments.Option(args, "--url", "http://127.0.0.1:8080"));
        var ramp = BenchArguments.Ints(args, "--calls", "100,250,500,1000");
        var measured = TimeSpan.FromSeconds(BenchArguments.Int(args, "--seconds", 30));
        var warmup = TimeSpan.FromSeconds(BenchArguments.Int(args, "--warmup", 15));
        var connectRate = BenchArguments.Int(args, "--connect-rate", 200);
        var engines = BenchArguments.Option(args, "--engines", "pass-through");
        var siloPid = BenchArguments.Option(args, "--silo-pid", "") is { Length: > 0 } pid ? int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
        var answerFrames = BenchArguments.Int(args, "--answer-ms", 8400) / FramePacer.FrameMs;
        var primeCalls = BenchArguments.Int(args, "--prime-calls", 20);
        var sides = BenchArguments.Option(args, "--sides", "relay,engine").Split(',');
        var script = (Quiet: TimeSpan.FromMilliseconds(BenchArguments.Int(args, "--quiet-ms", 700)),
            Timeout: TimeSpan.FromSeconds(BenchArguments.Int(args, "--answer-timeout", 10)));

        var frames = CallerFrames.Make(CallerSpeech.Questions.Select(CallerSpeech.Speak));
        Console.WriteLine($"Capacity: Twilio Media Streams calls, {string.Join(", ", ramp)} concurrent; per step and side {warmup.TotalSeconds:F0} s warm-up, "
            + $"{measured.TotalSeconds:F0} s measured. Engine at {engineUrl} ({engines} speech engines); bare relay on loopback answering {answerFrames * FramePacer.FrameMs} ms.");
        Console.WriteLine($"Caller: questions of {string.Join(", ", frames.Questions.Select(q => $"{q.Length * FramePacer.FrameMs / 1000.0:F1} s"))} (espeak-ng, μ-law, line noise), "
            + $"the next one {script.Quiet.TotalMilliseconds:F0} ms after the bot goes quiet.");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores; client, relay and silo share them.");
        Console.WriteLine(StepResult.Criterion);

        await using var pacer = new FramePacer(Environment.ProcessorCount);
        await using var relay = await BareRelay.StartAsync(answerFrames, Environment.ProcessorCount);
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        // The engine checks Twilio's signatures: the same auth token as the silo's Twilio:AuthToken (benchmark.sh sets both).
        var twilioToken = Environment.GetEnvironmentVariable("TWILIO_AUTH_TOKEN") is { Length: > 0 } token
            ? token
            : throw new InvalidOperationException("Set TWILIO_AUTH_TOKEN to the engine's Twilio:AuthToken (benchmark.sh does).");
        var results = new List<StepResult>();
        if (primeCalls > 0 && sides.Contains("engine"))
        {
            // The engine's first calls load code, grain types and (embedded) speech models: not the cost of a call.
            Console.Error.WriteLine($"  priming the engine with {primeCalls} calls (not reported)");
            var prime = new StepRun("priming", primeCalls, frames, pacer, new CallScript(script.Quiet, script.Timeout), new SiloProbe(null, null));
            await prime.RunAsync(new TwilioCarrier(engineUrl, twilioToken, http), connectRate, warmup, TimeSpan.FromSeconds(5));
            await Task.Delay(TimeSpan.FromSeconds(3));
        }

        foreach (var calls in ramp)
        {
            var step = new List<StepResult>();
            foreach (var side in sides)
            {
                var (label, url, probe) = side == "relay"
                    ? ("bare relay", relay.Url, new SiloProbe(null, null))
                    : ($"engine ({engines})", engineUrl, new SiloProbe(siloPid, engineUrl));
                var run = new StepRun(label, calls, frames, pacer, new CallScript(script.Quiet, script.Timeout), probe);
                step.Add(await run.RunAsync(new TwilioCarrier(url, twilioToken, http), connectRate, warmup, measured));
                await Task.Delay(TimeSpan.FromSeconds(3)); // the far side finishes hanging up the calls
            }

            Console.WriteLine();
            Console.WriteLine(StepResult.Header);
            step.ForEach(r => Console.WriteLine(r.Row()));
            foreach (var r in step.Where(r => r.RssDuringKiB is not null))
            {
                Console.WriteLine($"  silo RSS {r.RssBeforeKiB / 1024.0:F0} MiB before the calls, {r.RssDuringKiB / 1024.0:F0} MiB with {r.Calls}; "
                    + $"the engine counted {r.ServerActiveCalls?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} active voice calls");
            }

            results.AddRange(step);
        }

        Console.WriteLine();
        Console.WriteLine("Summary (" + StepResult.Criterion + "):");
        Console.WriteLine(StepResult.Header);
        results.OrderBy(r => r.Calls).ThenBy(r => r.Side).ToList().ForEach(r => Console.WriteLine(r.Row()));
        return 0;
    }

    /// <summary>One side at one step: connect the calls, warm up, measure, drain, hang up, add up.</summary>
    private sealed class StepRun(string side, int calls, CallerFrames frames, FramePacer pacer, CallScript script, SiloProbe probe)
    {
        public async Task<StepResult> RunAsync(TwilioCarrier twilio, int connectRate, TimeSpan warmup, TimeSpan measured)
        {
            var rssBefore = probe.RssKiB();
            var callers = Enumerable.Range(0, calls).Select(i => new CapacityCall(i, frames, pacer, script)).ToArray();
            var clock = Stopwatch.StartNew();
            using var stopProgress = new CancellationTokenSource();
            var progress = ReportProgressAsync(callers, clock, stopProgress.Token);

            var connecting = new List<Task>(calls);
            for (var i = 0; i < calls; i++)
            {
                // Calls arrive at a steady rate, as a busy trunk brings them, not all in the same millisecond.
                var due = TimeSpan.FromSeconds(i / (double)connectRate) - clock.Elapsed;
                if (due > TimeSpan.Zero) await Task.Delay(due);
                connecting.Add(callers[i].ConnectAsync(twilio, CancellationToken.None));
            }

            await Task.WhenAll(connecting);
            await Task.Delay(warmup);
            pacer.TakeLag();
            script.Phase = StepPhase.Measuring;
            var (clientCpu, siloCpu, machineCpu, wall) = (Process.GetCurrentProcess().TotalProcessorTime, probe.CpuTime(), SiloProbe.MachineBusyTime(), Stopwatch.GetTimestamp());
            await Task.Delay(measured);
            var seconds = Stopwatch.GetElapsedTime(wall).TotalSeconds;
            var clientCores = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalSeconds / seconds;
            var siloCores = (probe.CpuTime() - siloCpu)?.TotalSeconds / seconds;
            var machineCores = (SiloProbe.MachineBusyTime() - machineCpu).TotalSeconds / seconds;
            var rssDuring = probe.RssKiB();
            var active = await probe.ActiveVoiceCallsAsync();
            script.Phase = StepPhase.Draining;
            var drainUntil = clock.Elapsed + script.ReplyTimeout + TimeSpan.FromSeconds(5);
            while (clock.Elapsed < drainUntil && !callers.All(c => c.Settled))
            {
                await Task.Delay(200);
            }

            var lag = pacer.TakeLag();
            await stopProgress.CancelAsync();
            await progress;
            await Task.WhenAll(callers.Select(c => c.HangUpAsync()));

            var failed = callers.Where(c => c.Error is not null).ToList();
            return new StepResult(
                side, calls, failed.Count, failed.FirstOrDefault()?.Error,
                callers.Sum(c => c.TurnsExpected), callers.Sum(c => c.TurnsAnswered), callers.Sum(c => (long)c.FrameDelaysMs.Count),
                Summary.Of([.. callers.SelectMany(c => c.FrameDelaysMs)]), Summary.Of([.. callers.SelectMany(c => c.AnswerAfterMs)]), Summary.Of(lag),
                callers.Sum(c => c.StrayFrames), callers.Sum(c => c.Clears), rssBefore, rssDuring, active, clientCores, siloCores, machineCores);
        }

        private async Task ReportProgressAsync(CapacityCall[] callers, Stopwatch clock, CancellationToken stop)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), stop);
                    Console.Error.WriteLine($"  [{side}, {calls} calls] {clock.Elapsed.TotalSeconds:F0} s {script.Phase}: "
                        + $"answered {callers.Sum(c => c.TurnsAnswered)}/{callers.Sum(c => c.TurnsExpected)}, "
                        + $"frames measured {callers.Sum(c => (long)c.FrameDelaysMs.Count)}, failed calls {callers.Count(c => c.Error is not null)}");
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
    }
}
