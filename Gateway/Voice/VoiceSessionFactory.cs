using CallCenter.Gateway.TurnTaking;
using Microsoft.Extensions.Options;

namespace CallCenter.Gateway.Voice;

/// <summary>Makes a <see cref="VoiceSession"/> for each media connection, with the configured options.</summary>
public sealed class VoiceSessionFactory(
    IGrainFactory grains, IOptions<VoiceOptions> options, IOptions<TurnTakingOptions> turnTaking, VoiceMetrics metrics, ILoggerFactory loggers)
{
    public VoiceSession Create(IMediaLink link) =>
        new(grains, link, options.Value, turnTaking.Value, metrics, loggers.CreateLogger<VoiceSession>());
}
