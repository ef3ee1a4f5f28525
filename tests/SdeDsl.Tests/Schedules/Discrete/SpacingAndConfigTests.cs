using System;
using System.Linq;
using SdeDsl.Schedules;
using Xunit;

namespace SdeDsl.Tests.Schedules.Discrete;

/// <summary>diffusers' timestep spacings (docs/math.md §12.4) and scheduler_config.json parsing (§12.6).</summary>
public sealed class SpacingAndConfigTests
{
    private static readonly DiscreteSchedule Sd15 = DiscreteSchedule.Create(BetaSchedule.ScaledLinear, 1000, 0.00085, 0.012);

    [Fact]
    public void Sd15_leading_50_steps_visit_981_961_down_to_1()
    {
        // Derived by hand: floor(1000/50) = 20, t_i = 20 (49 - i) + steps_offset 1 = 981, 961, ..., 21, 1.
        double[] expected = Enumerable.Range(0, 50).Select(i => 20.0 * (49 - i) + 1).ToArray();
        Assert.Equal(expected, DiffusersTimesteps.Grid(Sd15, TimestepSpacing.Leading, 50, 1));
    }

    [Fact]
    public void Trailing_50_steps_visit_999_979_down_to_19()
    {
        // Derived by hand: round(1000 - 20 i) - 1 = 999, 979, ..., 19.
        double[] expected = Enumerable.Range(0, 50).Select(i => 999.0 - 20 * i).ToArray();
        Assert.Equal(expected, DiffusersTimesteps.Grid(Sd15, TimestepSpacing.Trailing, 50));
    }

    [Theory]
    [InlineData(TimestepSpacing.Leading, 50, 1)]
    [InlineData(TimestepSpacing.Leading, 30, 1)]
    [InlineData(TimestepSpacing.Trailing, 50, 0)]
    [InlineData(TimestepSpacing.Trailing, 30, 0)]
    [InlineData(TimestepSpacing.Trailing, 16, 0)]
    [InlineData(TimestepSpacing.Linspace, 50, 0)]
    [InlineData(TimestepSpacing.Linspace, 30, 0)]
    public void Spacings_equal_the_numpy_reimplementation_of_diffusers(TimestepSpacing spacing, int steps, int offset)
    {
        // Leading and trailing are integers and must be equal (trailing 16 has halves, 937.5 -> 938: round half to
        // even as numpy). Linspace is fractional and diffusers stores it in float32: 1 float32 ulp at 999 is 6.1e-5.
        double[] reference = DiffusersReference.Spacing($"{spacing.ToString().ToLowerInvariant()}_{steps}");
        double[] grid = DiffusersTimesteps.Grid(Sd15, spacing, steps, offset);
        Assert.Equal(reference.Length, grid.Length);
        for (int i = 0; i < grid.Length; i++)
        {
            Assert.Equal(reference[i], grid[i], spacing == TimestepSpacing.Linspace ? 6.1e-5 : 0);
        }
    }

    [Fact]
    public void Bad_grids_are_rejected()
    {
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => DiffusersTimesteps.Grid(Sd15, TimestepSpacing.Trailing, 1001)).ParamName);
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => DiffusersTimesteps.Grid(Sd15, TimestepSpacing.Trailing, 0)).ParamName);
        Assert.Equal("stepsOffset", Assert.Throws<ArgumentOutOfRangeException>(() => DiffusersTimesteps.Grid(Sd15, TimestepSpacing.Leading, 1000, 1)).ParamName);
    }

    [Fact]
    public void Sd15_config_builds_the_scaled_linear_table_with_leading_spacing()
    {
        SchedulerConfig config = SchedulerConfig.Load(DiffusersReference.ConfigPath("sd15"));
        Assert.Equal("PNDMScheduler", config.ClassName);
        Assert.Equal(ScheduleFamily.Discrete, config.Family);
        Assert.Equal(BetaSchedule.ScaledLinear, config.BetaSchedule);
        Assert.Equal(TimestepSpacing.Leading, config.TimestepSpacing); // PNDM's default
        Assert.Equal(1, config.StepsOffset);
        Assert.Equal("epsilon", config.PredictionType);
        Assert.Null(config.TrainedBetas);
        DiscreteSchedule schedule = config.CreateDiscreteSchedule();
        Assert.Equal(Sd15.AlphasCumprod.ToArray(), schedule.AlphasCumprod.ToArray());
        Assert.Equal(981.0, config.DiscreteGrid(schedule, 50)[0]);
    }

    [Fact]
    public void Sdxl_and_sd2_configs()
    {
        SchedulerConfig sdxl = SchedulerConfig.Load(DiffusersReference.ConfigPath("sdxl"));
        Assert.Equal(TimestepSpacing.Leading, sdxl.TimestepSpacing);
        Assert.Equal(0.00085, sdxl.BetaStart);
        Assert.Equal(0.012, sdxl.BetaEnd);

        SchedulerConfig sd2 = SchedulerConfig.Load(DiffusersReference.ConfigPath("sd2_v_zero_snr"));
        Assert.Equal("v_prediction", sd2.PredictionType);
        Assert.True(sd2.RescaleBetasZeroSnr);
        Assert.Equal(TimestepSpacing.Trailing, sd2.TimestepSpacing);
        DiscreteSchedule schedule = sd2.CreateDiscreteSchedule();
        Assert.Equal(DiscreteSchedule.ZeroSnrAlphaBar, schedule.AlphasCumprod[^1]);
        Assert.Equal(999.0, sd2.DiscreteGrid(schedule, 25)[0]);
        Assert.Throws<InvalidOperationException>(() => sd2.CreateFlowMatchSchedule());
    }

    [Fact]
    public void Flow_configs_build_flow_match_schedules()
    {
        SchedulerConfig sd3 = SchedulerConfig.Load(DiffusersReference.ConfigPath("sd3"));
        Assert.Equal(ScheduleFamily.FlowMatch, sd3.Family);
        Assert.Equal(3.0, sd3.CreateFlowMatchSchedule().Shift);
        Assert.Throws<InvalidOperationException>(() => sd3.CreateDiscreteSchedule());

        SchedulerConfig flux = SchedulerConfig.Load(DiffusersReference.ConfigPath("flux"));
        Assert.True(flux.UseDynamicShifting);
        Assert.Equal("imageSequenceLength", Assert.Throws<ArgumentNullException>(() => flux.CreateFlowMatchSchedule()).ParamName);
        // mu(4096) = max_shift = 1.15, so k = e^1.15 (1e-15: one exp).
        Assert.Equal(Math.Exp(1.15), flux.CreateFlowMatchSchedule(4096).Shift, 1e-15 * Math.Exp(1.15));
    }

    [Fact]
    public void Trained_betas_and_defaults()
    {
        SchedulerConfig config = SchedulerConfig.Parse("""{"_class_name": "DDIMScheduler", "trained_betas": [0.1, 0.2, 0.3], "num_train_timesteps": 3, "some_future_field": {"x": 1}}""");
        Assert.Equal(new[] { 0.1, 0.2, 0.3 }, config.TrainedBetas);
        Assert.Equal(TimestepSpacing.Leading, config.TimestepSpacing); // DDIM's default
        DiscreteSchedule schedule = config.CreateDiscreteSchedule(TrainingPrecision.Double);
        Assert.Equal(new[] { 0.9, 0.9 * 0.8, 0.9 * 0.8 * 0.7 }, schedule.AlphasCumprod.ToArray());

        SchedulerConfig empty = SchedulerConfig.Parse("{}");
        Assert.Equal(1000, empty.NumTrainTimesteps);
        Assert.Equal(BetaSchedule.Linear, empty.BetaSchedule);
        Assert.Equal(TimestepSpacing.Linspace, empty.TimestepSpacing);
        Assert.Equal(1.0, empty.Shift);
    }

    [Theory]
    [InlineData("""{"beta_schedule": "sigmoid"}""", "beta_schedule", "\"sigmoid\"")]
    [InlineData("""{"num_train_timesteps": "1000"}""", "num_train_timesteps", "\"1000\"")]
    [InlineData("""{"num_train_timesteps": 1}""", "num_train_timesteps", "1")]
    [InlineData("""{"num_train_timesteps": 2.5}""", "num_train_timesteps", "2.5")]
    [InlineData("""{"beta_start": 0}""", "beta_start", "0")]
    [InlineData("""{"beta_end": 1.5}""", "beta_end", "1.5")]
    [InlineData("""{"timestep_spacing": "uniform"}""", "timestep_spacing", "\"uniform\"")]
    [InlineData("""{"steps_offset": -1}""", "steps_offset", "-1")]
    [InlineData("""{"rescale_betas_zero_snr": "yes"}""", "rescale_betas_zero_snr", "\"yes\"")]
    [InlineData("""{"shift": -3}""", "shift", "-3")]
    [InlineData("""{"prediction_type": 3}""", "prediction_type", "3")]
    [InlineData("""{"trained_betas": [0.1, 2]}""", "trained_betas", "2")]
    [InlineData("""{"_class_name": "KarrasVeScheduler"}""", "_class_name", "\"KarrasVeScheduler\"")]
    [InlineData("""{"use_dynamic_shifting": true, "max_image_seq_len": 100}""", "max_image_seq_len", "100")]
    [InlineData("""[1, 2]""", "(document)", "[1, 2]")]
    public void Invalid_values_name_the_field_and_the_value(string json, string field, string value)
    {
        var error = Assert.Throws<SchedulerConfigException>(() => SchedulerConfig.Parse(json));
        Assert.Equal(field, error.Field);
        Assert.Equal(value, error.Value);
        Assert.Contains(field, error.Message);
    }
}
