namespace CallCenter.Gateway.Voice;

/// <summary>
/// What a caller hears while waiting for a person: a soft two-note chime every four seconds at about -26 dBFS, so the
/// line is plainly alive without being tiring. Generated once per sample rate; frames are read off the loop in turn.
/// </summary>
public sealed class HoldMusic(int sampleRate, int frameSamples)
{
    private const double LoopSeconds = 4;
    private readonly short[] _loop = Make(sampleRate);
    private int _position;

    public short[] NextFrame()
    {
        var frame = new short[frameSamples];
        for (var i = 0; i < frameSamples; i++)
        {
            frame[i] = _loop[_position];
            _position = (_position + 1) % _loop.Length;
        }

        return frame;
    }

    public void Restart() => _position = 0;

    private static short[] Make(int rate)
    {
        var loop = new short[(int)(rate * LoopSeconds)];
        const double amplitude = 0.05 * short.MaxValue; // about -26 dBFS
        foreach (var (start, frequency) in new[] { (0.0, 659.25), (0.35, 523.25) }) // E5 then C5
        {
            var first = (int)(start * rate);
            var length = (int)(0.6 * rate);
            for (var i = 0; i < length && first + i < loop.Length; i++)
            {
                var t = (double)i / rate;
                var envelope = Math.Min(1, t / 0.01) * Math.Exp(-t * 5); // quick attack, bell-like decay
                loop[first + i] += (short)(amplitude * envelope * Math.Sin(2 * Math.PI * frequency * t));
            }
        }

        return loop;
    }
}
