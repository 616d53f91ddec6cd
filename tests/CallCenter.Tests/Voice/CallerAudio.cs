using System.Diagnostics;
using CallCenter.Gateway.Audio;
using CallCenter.Voice.Engines;

namespace CallCenter.Tests.Voice;

/// <summary>
/// A caller's voice for the tests: Debian's espeak-ng command-line tool speaks the sentence (a separate program from
/// the engine's own synthesizer), and the engine's resampler brings it to the line's rate.
/// </summary>
internal static class CallerAudio
{
    public static short[] Say(string text, int sampleRate, string voice = "en-us")
    {
        var start = new ProcessStartInfo("espeak-ng") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-v", voice, "-s", "150", "--stdout", text })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("espeak-ng did not start.");
        using var wav = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(wav);
        process.WaitForExit();
        var (pcm, rate) = Wav.Decode(wav.ToArray());
        var resampler = new Resampler(rate, sampleRate);
        var output = new short[resampler.MaxOutputFor(pcm.Length)];
        return output[..resampler.Process(pcm, output)];
    }

    public static short[] Silence(int sampleRate, double seconds) => new short[(int)(sampleRate * seconds)];

    /// <summary>Seconds of audio in a count of samples.</summary>
    public static double Seconds(int samples, int sampleRate) => (double)samples / sampleRate;
}
