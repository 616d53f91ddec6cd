using CallCenter.Gateway.Admission;
using CallCenter.Gateway.Holds;
using CallCenter.Gateway.TurnTaking;
using Microsoft.Extensions.Options;

namespace CallCenter.Gateway.Voice;

/// <summary>Makes a <see cref="VoiceSession"/> for each media connection, with the configured options.</summary>
public sealed class VoiceSessionFactory(
    IGrainFactory grains, CallAdmission admission, CallHolds holds, IOptions<VoiceOptions> options, IOptions<TurnTakingOptions> turnTaking, VoiceMetrics metrics, ILoggerFactory loggers)
{
    public VoiceSession Create(IMediaLink link) =>
        new(grains, admission, holds, link, options.Value, turnTaking.Value, metrics, loggers.CreateLogger<VoiceSession>());
}
