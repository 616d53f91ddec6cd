using Microsoft.Extensions.Options;

namespace CallCenter.Records;

/// <summary>Configuration section "Records": how long finished calls are kept.</summary>
public sealed class RecordsOptions
{
    public const string Section = "Records";

    /// <summary>
    /// Calls that started more than this many days ago are deleted: their records (header and turns, so the list and
    /// the exports no longer have them) and their state (transcript and all). 0 keeps them for ever.
    /// </summary>
    public int RetentionDays { get; set; }

    /// <summary>How often the deletion runs (a reminder, once for the whole cluster).</summary>
    public int RetentionSweepMinutes { get; set; } = 60;
}

/// <summary>Stops the silo at start with a plain message when a retention setting is out of range.</summary>
public sealed class RecordsOptionsValidator : IValidateOptions<RecordsOptions>
{
    public ValidateOptionsResult Validate(string? name, RecordsOptions options) => options switch
    {
        { RetentionDays: < 0 } => ValidateOptionsResult.Fail($"Records:RetentionDays must be 0 (keep for ever) or a number of days; got {options.RetentionDays}."),
        { RetentionSweepMinutes: < 1 } => ValidateOptionsResult.Fail($"Records:RetentionSweepMinutes must be at least 1 (reminders tick at most once a minute); got {options.RetentionSweepMinutes}."),
        _ => ValidateOptionsResult.Success,
    };
}
