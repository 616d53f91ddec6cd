using System.Diagnostics;
using CallCenter.Gateway.Audio;
using CallCenter.Voice.Engines;

namespace CallCenter.VoiceBench;

/// <summary>The caller's questions, spoken by Debian's espeak-ng command line (a process apart from the engine's library).</summary>
internal static class CallerSpeech
{
    public static readonly string[] Questions = ["where is my order", "how much is the espresso machine", "what is your return policy"];

    /// <summary>The sentence at 8 kHz, trimmed to its audible part.</summary>
    public static short[] Speak(string text)
    {
        var start = new ProcessStartInfo("espeak-ng") { RedirectStandardOutput = true };
        foreach (var a in new[] { "-v", "en-us", "-s", "150", "--stdout", text }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        using var wav = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(wav);
        process.WaitForExit();
        var (pcm, rate) = Wav.Decode(wav.ToArray());
        var resampler = new Resampler(rate, 8000);
        var output = new short[resampler.MaxOutputFor(pcm.Length)];
        output = output[..resampler.Process(pcm, output)];

        // espeak pads its output with silence; the caller's speech ends at the last audible sample.
        var first = Array.FindIndex(output, x => Math.Abs((int)x) > 500);
        var last = Array.FindLastIndex(output, x => Math.Abs((int)x) > 500);
        return output[first..(last + 1)];
    }
}
