using System;

namespace SdeDsl.Samplers.Adaptive;

/// <summary>
/// Settings of an adaptive solve: the embedded pair, the variable it steps in, the tolerances and the PI step-size
/// controller (docs/math.md §16.2). The defaults are Hairer's DOPRI5 settings.
/// </summary>
public sealed record AdaptiveOptions
{
    /// <summary>The default options (Dormand-Prince 5(4) in log sigma, rtol = atol = 1e-5 as score_sde).</summary>
    public static AdaptiveOptions Default { get; } = new();

    /// <summary>The embedded Runge-Kutta pair.</summary>
    public EmbeddedRungeKuttaMethod Method { get; init; } = EmbeddedRungeKuttaMethod.DormandPrince54;

    /// <summary>The variable the solver steps in; the tolerances always apply to y = x/s (docs/math.md §16.3).</summary>
    public OdeTimeVariable Variable { get; init; } = OdeTimeVariable.LogSigma;

    /// <summary>Relative tolerance rtol: element i of a step's error must be below atol + rtol max(|y_i|, |y_next,i|) in RMS.</summary>
    public double RelativeTolerance { get; init; } = 1e-5;

    /// <summary>Absolute tolerance atol (see <see cref="RelativeTolerance"/>).</summary>
    public double AbsoluteTolerance { get; init; } = 1e-5;

    /// <summary>The safety factor the proposed step is multiplied by (Hairer's 0.9).</summary>
    public double Safety { get; init; } = 0.9;

    /// <summary>The smallest factor a step may shrink by in one proposal (Hairer's 0.2).</summary>
    public double FactorMin { get; init; } = 0.2;

    /// <summary>The largest factor a step may grow by in one proposal (Hairer's 10).</summary>
    public double FactorMax { get; init; } = 10;

    /// <summary>
    /// The proportional coefficient of the PI controller in diffrax's parameterisation: the proposal has
    /// err_{n-1}^(pcoeff/k). 0.2 with <see cref="IntegralCoefficient"/> 0.65 is Hairer's DOPRI5 (beta = 0.04 for k = 5).
    /// </summary>
    public double ProportionalCoefficient { get; init; } = 0.2;

    /// <summary>The integral coefficient: the proposal has err_n^-((icoeff + pcoeff)/k). 1 with pcoeff 0 is the classic I controller.</summary>
    public double IntegralCoefficient { get; init; } = 0.65;

    /// <summary>The first step's size |h_0| in the solve's variable; null (the default) selects it automatically (Hairer's algorithm, one extra evaluation).</summary>
    public double? InitialStep { get; init; }

    /// <summary>The smallest step size |h| allowed in the solve's variable; a proposal below it stops the solve with <see cref="AdaptiveStepSizeException"/>.</summary>
    public double MinStep { get; init; }

    /// <summary>The largest step size |h| allowed in the solve's variable.</summary>
    public double MaxStep { get; init; } = double.PositiveInfinity;

    /// <summary>The most attempted steps (accepted plus rejected) before the solve stops with <see cref="AdaptiveStepSizeException"/>.</summary>
    public int MaxSteps { get; init; } = 100_000;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    internal void Validate(string parameterName)
    {
        static void Require(bool ok, string parameter, string setting, double value, string rule)
        {
            if (!ok)
            {
                throw new ArgumentOutOfRangeException(parameter, value, $"AdaptiveOptions.{setting} = {value:R}: {rule}.");
            }
        }

        Require(RelativeTolerance >= 0 && double.IsFinite(RelativeTolerance), parameterName, nameof(RelativeTolerance), RelativeTolerance, "must be finite and non-negative");
        Require(AbsoluteTolerance >= 0 && double.IsFinite(AbsoluteTolerance), parameterName, nameof(AbsoluteTolerance), AbsoluteTolerance, "must be finite and non-negative");
        Require(RelativeTolerance > 0 || AbsoluteTolerance > 0, parameterName, nameof(AbsoluteTolerance), AbsoluteTolerance, "rtol and atol cannot both be 0");
        Require(Safety > 0 && Safety <= 1, parameterName, nameof(Safety), Safety, "must lie in (0, 1]");
        Require(FactorMin > 0 && FactorMin < 1, parameterName, nameof(FactorMin), FactorMin, "must lie in (0, 1)");
        Require(FactorMax > 1 && double.IsFinite(FactorMax), parameterName, nameof(FactorMax), FactorMax, "must be finite and above 1");
        Require(ProportionalCoefficient >= 0 && double.IsFinite(ProportionalCoefficient), parameterName, nameof(ProportionalCoefficient), ProportionalCoefficient, "must be finite and non-negative");
        Require(IntegralCoefficient > 0 && double.IsFinite(IntegralCoefficient), parameterName, nameof(IntegralCoefficient), IntegralCoefficient, "must be finite and positive");
        if (InitialStep is { } h0)
        {
            Require(h0 > 0 && double.IsFinite(h0), parameterName, nameof(InitialStep), h0, "must be finite and positive (or null for automatic)");
        }

        Require(MinStep >= 0 && double.IsFinite(MinStep), parameterName, nameof(MinStep), MinStep, "must be finite and non-negative");
        Require(MaxStep > 0 && MaxStep >= MinStep, parameterName, nameof(MaxStep), MaxStep, "must be positive and at least MinStep");
        Require(MaxSteps > 0, parameterName, nameof(MaxSteps), MaxSteps, "must be positive");
        if (!Enum.IsDefined(Method))
        {
            throw new ArgumentOutOfRangeException(parameterName, Method, $"AdaptiveOptions.Method = {Method} is not a defined method.");
        }

        if (!Enum.IsDefined(Variable))
        {
            throw new ArgumentOutOfRangeException(parameterName, Variable, $"AdaptiveOptions.Variable = {Variable} is not a defined variable.");
        }
    }
}
