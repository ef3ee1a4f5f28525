using System;

namespace SdeDsl.Schedules;

/// <summary>A diffusers <c>scheduler_config.json</c> has an invalid value: names the field and the value.</summary>
public sealed class SchedulerConfigException : FormatException
{
    /// <summary>A config error in <paramref name="field"/>.</summary>
    /// <param name="field">The JSON field (e.g. <c>beta_schedule</c>).</param>
    /// <param name="value">The offending value as written in the JSON.</param>
    /// <param name="reason">What is wrong with it.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public SchedulerConfigException(string field, string value, string reason, Exception? inner = null)
        : base($"scheduler_config.json: \"{field}\" = {value}: {reason}", inner)
    {
        Field = field;
        Value = value;
    }

    /// <summary>The JSON field.</summary>
    public string Field { get; }

    /// <summary>The offending value as written in the JSON.</summary>
    public string Value { get; }
}
