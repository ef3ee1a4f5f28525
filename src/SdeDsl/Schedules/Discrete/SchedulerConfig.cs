using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace SdeDsl.Schedules;

/// <summary>
/// A diffusers <c>scheduler_config.json</c> (docs/math.md §12.6): the fields that define the training schedule and
/// the sampling grid, with diffusers' defaults for absent or null fields; every other field is ignored. Build the
/// schedule with <see cref="CreateDiscreteSchedule"/> or <see cref="CreateFlowMatchSchedule"/> (by <see cref="Family"/>)
/// and diffusers' grid with <see cref="DiscreteGrid"/> or <see cref="FlowMatchSchedule.DiffusersGrid"/>.
/// </summary>
public sealed class SchedulerConfig
{
    private static readonly string[] DiscreteClassPrefixes =
        { "DDPM", "DDIM", "PNDM", "Euler", "LMS", "Heun", "DPMSolver", "UniPC", "DEIS", "KDPM2" };

    private SchedulerConfig()
    {
    }

    /// <summary><c>_class_name</c> (null when absent: treated as discrete).</summary>
    public string? ClassName { get; private set; }

    /// <summary>Discrete or flow matching, from <see cref="ClassName"/>.</summary>
    public ScheduleFamily Family { get; private set; }

    /// <summary><c>num_train_timesteps</c> (default 1000), N &gt;= 2.</summary>
    public int NumTrainTimesteps { get; private set; } = 1000;

    /// <summary><c>beta_start</c> (default 0.0001).</summary>
    public double BetaStart { get; private set; } = 0.0001;

    /// <summary><c>beta_end</c> (default 0.02).</summary>
    public double BetaEnd { get; private set; } = 0.02;

    /// <summary><c>beta_schedule</c> (default linear).</summary>
    public BetaSchedule BetaSchedule { get; private set; } = BetaSchedule.Linear;

    /// <summary><c>trained_betas</c>: an explicit beta table that overrides the beta schedule and whose length is the schedule's N (null when absent).</summary>
    public IReadOnlyList<double>? TrainedBetas { get; private set; }

    /// <summary>
    /// <c>prediction_type</c> as written (default "epsilon"; diffusers uses "epsilon", "v_prediction", "sample",
    /// "flow_prediction"): what the network outputs, for the model adapter to convert into D(y; sigma) (docs/math.md §12.6).
    /// Not validated here.
    /// </summary>
    public string PredictionType { get; private set; } = "epsilon";

    /// <summary><c>timestep_spacing</c> (default: leading for DDPM, DDIM and PNDM, linspace otherwise, as diffusers).</summary>
    public TimestepSpacing TimestepSpacing { get; private set; }

    /// <summary><c>steps_offset</c> (default 0), added by the leading spacing.</summary>
    public int StepsOffset { get; private set; }

    /// <summary><c>rescale_betas_zero_snr</c> (default false).</summary>
    public bool RescaleBetasZeroSnr { get; private set; }

    /// <summary><c>shift</c> of a flow-matching config (default 1.0).</summary>
    public double Shift { get; private set; } = 1.0;

    /// <summary><c>use_dynamic_shifting</c> (default false): the shift is exp(mu), mu from the image sequence length.</summary>
    public bool UseDynamicShifting { get; private set; }

    /// <summary><c>base_shift</c> (default 0.5).</summary>
    public double BaseShift { get; private set; } = 0.5;

    /// <summary><c>max_shift</c> (default 1.15).</summary>
    public double MaxShift { get; private set; } = 1.15;

    /// <summary><c>base_image_seq_len</c> (default 256).</summary>
    public int BaseImageSeqLen { get; private set; } = 256;

    /// <summary><c>max_image_seq_len</c> (default 4096).</summary>
    public int MaxImageSeqLen { get; private set; } = 4096;

    /// <summary>Reads and parses a scheduler_config.json file.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="SchedulerConfigException">An invalid field value (or the file is not a JSON object).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static SchedulerConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllText(path));
    }

    /// <summary>Parses the text of a scheduler_config.json; unknown fields are ignored, null means the default.</summary>
    /// <param name="json">The JSON object.</param>
    /// <exception cref="SchedulerConfigException">Not a JSON object, or a field with a wrong type or an invalid value (named with the value).</exception>
    public static SchedulerConfig Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new SchedulerConfigException("(document)", "(not JSON)", e.Message, e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new SchedulerConfigException("(document)", root.GetRawText(), "a scheduler config must be a JSON object.");
            }

            var config = new SchedulerConfig();
            config.ClassName = Get(root, "_class_name", e => e.ValueKind == JsonValueKind.String ? e.GetString() : Fail<string>("_class_name", e, "expected a string."), null);
            config.Family = FamilyOf(config.ClassName);
            config.NumTrainTimesteps = Get(root, "num_train_timesteps", e => Integer("num_train_timesteps", e, 2), 1000);
            config.BetaStart = Get(root, "beta_start", e => Probability("beta_start", e), 0.0001);
            config.BetaEnd = Get(root, "beta_end", e => Probability("beta_end", e), 0.02);
            config.BetaSchedule = Get(root, "beta_schedule", e => String("beta_schedule", e) switch
            {
                "linear" => BetaSchedule.Linear,
                "scaled_linear" => BetaSchedule.ScaledLinear,
                "squaredcos_cap_v2" => BetaSchedule.SquaredCosCapV2,
                _ => Fail<BetaSchedule>("beta_schedule", e, "expected \"linear\", \"scaled_linear\" or \"squaredcos_cap_v2\"."),
            }, BetaSchedule.Linear);
            config.TrainedBetas = Get<IReadOnlyList<double>?>(root, "trained_betas", e => Betas(e), null);
            config.PredictionType = Get(root, "prediction_type", e => String("prediction_type", e), "epsilon");
            bool leadingByDefault = config.ClassName is { } name && (name.StartsWith("DDPM", StringComparison.Ordinal) || name.StartsWith("DDIM", StringComparison.Ordinal) || name.StartsWith("PNDM", StringComparison.Ordinal));
            config.TimestepSpacing = Get(root, "timestep_spacing", e => String("timestep_spacing", e) switch
            {
                "linspace" => TimestepSpacing.Linspace,
                "leading" => TimestepSpacing.Leading,
                "trailing" => TimestepSpacing.Trailing,
                _ => Fail<TimestepSpacing>("timestep_spacing", e, "expected \"linspace\", \"leading\" or \"trailing\"."),
            }, leadingByDefault ? TimestepSpacing.Leading : TimestepSpacing.Linspace);
            config.StepsOffset = Get(root, "steps_offset", e => Integer("steps_offset", e, 0), 0);
            config.RescaleBetasZeroSnr = Get(root, "rescale_betas_zero_snr", e => Boolean("rescale_betas_zero_snr", e), false);
            config.Shift = Get(root, "shift", e => Positive("shift", e), 1.0);
            config.UseDynamicShifting = Get(root, "use_dynamic_shifting", e => Boolean("use_dynamic_shifting", e), false);
            config.BaseShift = Get(root, "base_shift", e => Finite("base_shift", e), 0.5);
            config.MaxShift = Get(root, "max_shift", e => Finite("max_shift", e), 1.15);
            config.BaseImageSeqLen = Get(root, "base_image_seq_len", e => Integer("base_image_seq_len", e, 1), 256);
            config.MaxImageSeqLen = Get(root, "max_image_seq_len", e => Integer("max_image_seq_len", e, 1), 4096);
            if (config.UseDynamicShifting && config.MaxImageSeqLen <= config.BaseImageSeqLen)
            {
                throw new SchedulerConfigException("max_image_seq_len", config.MaxImageSeqLen.ToString(System.Globalization.CultureInfo.InvariantCulture), $"must exceed base_image_seq_len = {config.BaseImageSeqLen}.");
            }

            return config;
        }
    }

    /// <summary>
    /// The discrete schedule of this config (docs/math.md §12.1-§12.3): <see cref="TrainedBetas"/> if given, else
    /// the beta schedule; then the zero-terminal-SNR rescale if <see cref="RescaleBetasZeroSnr"/>.
    /// </summary>
    /// <param name="precision">float32 as diffusers (default), or double.</param>
    /// <exception cref="InvalidOperationException">The config is a flow-matching one.</exception>
    public DiscreteSchedule CreateDiscreteSchedule(TrainingPrecision precision = TrainingPrecision.Single)
    {
        if (Family != ScheduleFamily.Discrete)
        {
            throw new InvalidOperationException($"{ClassName} is a flow-matching scheduler; use CreateFlowMatchSchedule.");
        }

        double[] betas = TrainedBetas is { } trained
            ? ToArray(trained, precision)
            : TrainingTables.Betas(BetaSchedule, NumTrainTimesteps, BetaStart, BetaEnd, precision);
        if (RescaleBetasZeroSnr)
        {
            betas = TrainingTables.RescaleZeroTerminalSnr(betas, precision);
        }

        return DiscreteSchedule.FromBetas(betas, precision);
    }

    /// <summary>
    /// The flow-matching schedule of this config (docs/math.md §12.5): shift k = <see cref="Shift"/>, or with
    /// <see cref="UseDynamicShifting"/> k = exp(mu) for <paramref name="imageSequenceLength"/>.
    /// </summary>
    /// <param name="imageSequenceLength">The latent token count L; required with dynamic shifting, ignored otherwise.</param>
    /// <exception cref="InvalidOperationException">The config is a discrete one.</exception>
    /// <exception cref="ArgumentNullException">Dynamic shifting without <paramref name="imageSequenceLength"/>.</exception>
    public FlowMatchSchedule CreateFlowMatchSchedule(int? imageSequenceLength = null)
    {
        if (Family != ScheduleFamily.FlowMatch)
        {
            throw new InvalidOperationException($"{ClassName ?? "(no _class_name)"} is a discrete scheduler; use CreateDiscreteSchedule.");
        }

        if (!UseDynamicShifting)
        {
            return new FlowMatchSchedule(Shift, NumTrainTimesteps);
        }

        int length = imageSequenceLength ?? throw new ArgumentNullException(nameof(imageSequenceLength), "use_dynamic_shifting needs the image sequence length.");
        return FlowMatchSchedule.WithDynamicShift(length, BaseShift, MaxShift, BaseImageSeqLen, MaxImageSeqLen, NumTrainTimesteps);
    }

    /// <summary>diffusers' grid for <paramref name="steps"/> steps with this config's spacing and steps_offset (docs/math.md §12.4).</summary>
    /// <param name="schedule">The schedule from <see cref="CreateDiscreteSchedule"/>.</param>
    /// <param name="steps">n in [1, N].</param>
    /// <exception cref="ArgumentOutOfRangeException">See <see cref="DiffusersTimesteps.Grid"/>.</exception>
    public double[] DiscreteGrid(in DiscreteSchedule schedule, int steps) => DiffusersTimesteps.Grid(schedule, TimestepSpacing, steps, StepsOffset);

    private static double[] ToArray(IReadOnlyList<double> values, TrainingPrecision precision)
    {
        var result = new double[values.Count];
        for (int i = 0; i < result.Length; i++)
        {
            // diffusers stores trained_betas as a float32 tensor.
            result[i] = precision == TrainingPrecision.Single ? (float)values[i] : values[i];
        }

        return result;
    }

    private static ScheduleFamily FamilyOf(string? className)
    {
        if (className is null)
        {
            return ScheduleFamily.Discrete;
        }

        if (className.StartsWith("FlowMatch", StringComparison.Ordinal))
        {
            return ScheduleFamily.FlowMatch;
        }

        foreach (string prefix in DiscreteClassPrefixes)
        {
            if (className.StartsWith(prefix, StringComparison.Ordinal))
            {
                return ScheduleFamily.Discrete;
            }
        }

        throw new SchedulerConfigException("_class_name", $"\"{className}\"", "not a known diffusers scheduler (DDPM*, DDIM*, PNDM*, Euler*, LMS*, Heun*, DPMSolver*, UniPC*, DEIS*, KDPM2*, FlowMatch*).");
    }

    private static T Get<T>(JsonElement root, string field, Func<JsonElement, T> read, T fallback) =>
        root.TryGetProperty(field, out JsonElement value) && value.ValueKind != JsonValueKind.Null ? read(value) : fallback;

    private static T Fail<T>(string field, JsonElement value, string reason) => throw new SchedulerConfigException(field, value.GetRawText(), reason);

    private static string String(string field, JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : Fail<string>(field, e, "expected a string.");

    private static bool Boolean(string field, JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => Fail<bool>(field, e, "expected true or false."),
    };

    private static int Integer(string field, JsonElement e, int minimum)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out int value))
        {
            return Fail<int>(field, e, "expected an integer.");
        }

        return value >= minimum ? value : Fail<int>(field, e, $"must be at least {minimum}.");
    }

    private static double Number(string field, JsonElement e) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out double value) && double.IsFinite(value) ? value : Fail<double>(field, e, "expected a finite number.");

    private static double Finite(string field, JsonElement e) => Number(field, e);

    private static double Positive(string field, JsonElement e) => Number(field, e) is var v && v > 0 ? v : Fail<double>(field, e, "must be positive.");

    private static double Probability(string field, JsonElement e) => Number(field, e) is var v && v > 0 && v < 1 ? v : Fail<double>(field, e, "must lie in (0, 1).");

    private static IReadOnlyList<double> Betas(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Array)
        {
            return Fail<IReadOnlyList<double>>("trained_betas", e, "expected an array of numbers.");
        }

        var betas = new List<double>();
        foreach (JsonElement item in e.EnumerateArray())
        {
            double beta = Number("trained_betas", item);
            if (!(beta > 0 && beta <= 1))
            {
                Fail<double>("trained_betas", item, $"beta[{betas.Count}] must lie in (0, 1].");
            }

            betas.Add(beta);
        }

        return betas.Count >= 2 ? betas : Fail<IReadOnlyList<double>>("trained_betas", e, "needs at least 2 betas.");
    }
}
