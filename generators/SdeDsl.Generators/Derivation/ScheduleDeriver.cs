using System.Collections.Generic;
using System.Linq;
using System;
using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Derivation;

/// <summary>
/// Derives every member of a schedule declared by sigma(t) and s(t) (docs/math.md §10.3, from §1):
/// f = s'/s, g^2 = 2 s^2 sigma' sigma, g = sqrt(g^2) with its squares pulled out (<see cref="SquareRoots"/>), and the probability-flow ODE
/// coefficients a = sigma'/sigma + s'/s, b = sigma' s / sigma (docs/math.md §3.1); and sigma^-1 in closed form
/// when <see cref="Inverter"/> (docs/math.md §10.5) finds a branch that verifiably inverts sigma on [TMin, TMax].
/// </summary>
internal static class ScheduleDeriver
{
    /// <summary>Results larger than this many nodes are refused (the symbolic engine's size budget).</summary>
    public const int MaxSize = ExpressionLimits.MaxSize;

    /// <summary>
    /// Declarations up to this many nodes also get the alternatives that cost a second derivation: a as
    /// (s sigma)'/(s sigma), the Newton-polished inverse (hand-written schedules are far smaller).
    /// </summary>
    public const int SmallSize = 400;

    public static DerivedSchedule Derive(Expr sigma, Expr? scale, double tMin, double tMax)
    {
        Var t = Var.T;
        Expr declaredSigma = sigma;
        sigma = TangentsAsQuotients(sigma);
        Expr s = TangentsAsQuotients(scale ?? Expr.One);
        Expr sigmaPrime = Differentiator.Derivative(sigma, t);
        Expr scalePrime = Differentiator.Derivative(s, t);
        Expr twoSigmaPrimeSigma = Product.Of(new Num(2), sigmaPrime, sigma);
        Expr inverseSigma = Power.Of(sigma, Expr.MinusOne);
        Expr inverseScale = Power.Of(s, Expr.MinusOne);
        Expr diffusionSquared = Rational.Simplify(Product.Of(Power.Of(s, new Num(2)), twoSigmaPrimeSigma));
        var derived = new DerivedSchedule(
            Sigma: sigma,
            Scale: s,
            SigmaDerivative: Rational.Simplify(sigmaPrime),
            ScaleDerivative: Rational.Simplify(scalePrime),
            Drift: Rational.Simplify(Product.Of(scalePrime, inverseScale)),
            Diffusion: SquareRoots.Of(diffusionSquared, tMin, tMax),
            DiffusionSquared: diffusionSquared,
            OdeStateCoefficient: OdeStateCoefficient(sigma, s, sigmaPrime, scalePrime),
            OdeDenoiserCoefficient: Rational.Simplify(Product.Of(sigmaPrime, s, inverseSigma)),
            IsScaleIdentity: s is Num { Value: 1 },
            TimeAtSigma: ClosedFormInverse(declaredSigma, tMin, tMax));
        return Stabilized(derived, tMin, tMax);
    }

    /// <summary>
    /// a = sigma'/sigma + s'/s, or (s sigma)'/(s sigma) when that is smaller: the sum cancels where s sigma is simpler
    /// than its factors (x_t = cos(pi t/2) x_0 + sin(pi t/2) eps: 1/(sin cos) - sin/cos = cos/sin loses every digit
    /// near t = 1, while (s sigma)'/(s sigma) = (pi/2) cos(pi t/2)/sin(pi t/2) has no difference at all).
    /// </summary>
    private static Expr OdeStateCoefficient(Expr sigma, Expr s, Expr sigmaPrime, Expr scalePrime)
    {
        Expr sum = Rational.Simplify(Sum.Of(Product.Of(sigmaPrime, Power.Of(sigma, Expr.MinusOne)), Product.Of(scalePrime, Power.Of(s, Expr.MinusOne))));
        if (NeedsQuadrature(sigma) || NeedsQuadrature(s))
        {
            return sum;
        }

        if (Evaluator.Size(sigma) + Evaluator.Size(s) > SmallSize)
        {
            return sum;
        }

        Expr product = Rational.Simplify(Product.Of(s, sigma));
        Expr logarithmic = Rational.Simplify(Product.Of(Differentiator.Derivative(product, Var.T), Power.Of(product, Expr.MinusOne)));
        return Evaluator.Size(logarithmic) < Evaluator.Size(sum) ? logarithmic : sum;
    }

    /// <summary>tan(u) = sin(u) / cos(u), so that products with cos(u) cancel and each factor can be stabilised near its zero.</summary>
    private static Expr TangentsAsQuotients(Expr e)
        => Rewriter.BottomUp(e, node => node is Call { Function: Function.Tan } tan
            ? Product.Of(Call.Of(Function.Sin, tan.Argument), Power.Of(Call.Of(Function.Cos, tan.Argument), Expr.MinusOne))
            : node);

    /// <summary>
    /// Every member rewritten by <see cref="Stabilizer"/> with the range known (docs/math.md §10.6), so that what is
    /// emitted, checked and documented is the form without cancellation.
    /// </summary>
    public static DerivedSchedule Stabilized(DerivedSchedule d, double tMin, double tMax)
    {
        if (LargestSize(d) > 5 * SmallSize)
        {
            return d; // machine-sized expressions (or ones refused as too large, SDE014) keep the range-free rules only
        }

        Expr S(Expr e) => Stabilizer.Stabilize(e, tMin, tMax);
        return d with
        {
            Sigma = S(d.Sigma),
            Scale = S(d.Scale),
            SigmaDerivative = S(d.SigmaDerivative),
            ScaleDerivative = S(d.ScaleDerivative),
            Drift = S(d.Drift),
            Diffusion = S(d.Diffusion),
            DiffusionSquared = S(d.DiffusionSquared),
            OdeStateCoefficient = S(d.OdeStateCoefficient),
            OdeDenoiserCoefficient = S(d.OdeDenoiserCoefficient),
        };
    }

    /// <summary>
    /// Derives a schedule declared by drift f and diffusion g (docs/math.md §1 and §10.4): s = exp(integral_0^t f),
    /// sigma^2 = integral_0^t g^2 / s^2, each in closed form by <see cref="Integrator"/> or else as an
    /// <see cref="Integral"/> evaluated by quadrature; then everything else as for a sigma declaration.
    /// </summary>
    public static DerivedSchedule DeriveFromSde(Expr drift, Expr diffusion, double tMin, double tMax)
    {
        Var t = Var.T;
        bool located = true;
        Expr? closedLogScale = Integrator.Definite(drift, t, IntegralAccuracy.Absolute); // used only as s = exp(log s) (docs/math.md §10.13)
        if (closedLogScale is null && Divergence.AtZero(drift, tMax) is double driftExponent)
        {
            return Divergent("f", driftExponent, null, drift, diffusion);
        }

        if (Divergence.Inside(drift, tMax) is (double driftPole, double driftPoleExponent))
        {
            return Divergent("f", driftPoleExponent, driftPole, drift, diffusion); // even with a closed form: 1/(t - 1)^2 has one, wrong past t = 1 (docs/math.md §10.4)
        }

        Expr logScale = closedLogScale ?? Integrals.Split(new Integral(drift), tMax, ref located);
        Expr scale = Call.Of(Function.Exp, logScale);
        Expr diffusionSquared = Power.Of(diffusion, new Num(2));
        if (Divergence.Inside(diffusionSquared, tMax) is (double variancePole, double variancePoleExponent))
        {
            // s = exp(integral_0^t f) is finite and positive once f is integrable, so g^2 / s^2 has g^2's interior poles (docs/math.md §10.4).
            return Divergent("g^2", variancePoleExponent, variancePole, drift, diffusion);
        }

        Expr varianceRate = Product.Of(diffusionSquared, Power.Of(scale, new Num(-2)));
        Expr? closedSigmaSquared = Integrator.Definite(varianceRate, t);
        if (closedSigmaSquared is null && Divergence.AtZero(varianceRate, tMax) is double varianceExponent)
        {
            return Divergent("g^2", varianceExponent, null, drift, diffusion);
        }

        Expr sigmaSquared = closedSigmaSquared ?? Integrals.Split(new Integral(varianceRate), tMax, ref located);
        DerivedSchedule derived = Derive(Power.Of(sigmaSquared, Expr.Half), scale, tMin, tMax);
        return Stabilized(derived with { Drift = drift, Diffusion = diffusion, DiffusionSquared = diffusionSquared, DeclaredBySde = true, SwitchPointsUnknown = !located }, tMin, tMax);
    }

    /// <summary>A placeholder schedule that only carries the divergence (SDE207): nothing of it is emitted or checked.</summary>
    private static DerivedSchedule Divergent(string integrand, double exponent, double? at, Expr drift, Expr diffusion)
        => new(Expr.Zero, Expr.One, Expr.Zero, Expr.Zero, drift, diffusion, Power.Of(diffusion, new Num(2)), Expr.Zero, Expr.Zero, false, null)
        {
            DeclaredBySde = true,
            DivergentIntegral = (integrand, exponent, at),
        };

    /// <summary>True when <paramref name="e"/> contains an integral left to quadrature.</summary>
    public static bool NeedsQuadrature(Expr e) => e is Integral || e.Children.Any(NeedsQuadrature);

    /// <summary>The largest expression among the derived functions, in nodes.</summary>
    public static int LargestSize(DerivedSchedule d)
        => new[] { d.SigmaDerivative, d.ScaleDerivative, d.Drift, d.Diffusion, d.DiffusionSquared, d.OdeStateCoefficient, d.OdeDenoiserCoefficient }
            .Max(Evaluator.Size);

    /// <summary>
    /// The first candidate inverse that maps sigma(t_k) back to t_k on sample points across the range
    /// (uniform and, for positive ranges, geometric). The stabilised sigma, the form that is emitted, is inverted
    /// first (sub-VP's 2 sinh(B/2) inverts through asinh and the quadratic of B), then the declared form
    /// (docs/math.md §10.5). A verified inverse that does not map the emitted sigma back to t within
    /// <see cref="InverseRoundTripTolerance"/> is polished by one Newton step on the emitted sigma. Candidates
    /// with constants unknown at compile time cannot be checked and are accepted only when there is exactly one
    /// and it chooses no branch.
    /// </summary>
    public static Expr? ClosedFormInverse(Expr sigma, double tMin, double tMax)
    {
        Expr stableSigma = Evaluator.Size(sigma) <= 5 * SmallSize ? Stabilizer.Stabilize(sigma, tMin, tMax) : Stabilizer.Stabilize(sigma);
        var candidates = new List<Expr>();
        foreach (Expr form in Evaluator.Size(sigma) <= SmallSize ? new[] { stableSigma, sigma } : new[] { sigma })
        {
            try
            {
                candidates.AddRange(Inverter.Solve(form, Var.T, Var.Sigma).Select(Stabilizer.Stabilize).Where(c => !candidates.Contains(c)));
            }
            catch (InvalidOperationException)
            {
                // no closed form from this form
            }
        }

        if (candidates.Count == 0)
        {
            return null;
        }

        double[] samples = TimeGrid.Points(tMin, tMax, 33);
        bool sigmaKnown = samples.All(x => Evaluator.Evaluate(stableSigma, Var.T, x) is not null);
        if (!sigmaKnown)
        {
            // Unverifiable (static readonly constants). asin, acos, atan and acosh return one branch of the
            // inverse of a periodic or even function: 2 + cos(K t) increasing on K t in (pi, 2 pi) would get
            // acos(sigma - 2) / K, which maps every sigma to the wrong t. Only a branch-free candidate is safe.
            return candidates.Count == 1 && !UsesPrincipalBranch(candidates[0]) ? candidates[0] : null;
        }

        foreach (Expr candidate in candidates)
        {
            if (samples.All(x => Inverts(candidate, stableSigma, x)))
            {
                // sqrt(sigma^2 / 4) = sigma / 2: sigma keeps its sign over [sigma(TMin), sigma(TMax)] (docs/math.md §10.3).
                double? low = Evaluator.Evaluate(stableSigma, Var.T, tMin), high = Evaluator.Evaluate(stableSigma, Var.T, tMax);
                Expr simpler = low is double lo && high is double hi && lo < hi && !double.IsInfinity(hi)
                    ? Stabilizer.Stabilize(SquareRoots.PullSquares(candidate, Var.Sigma, lo, hi))
                    : candidate;
                Expr chosen = samples.All(x => Inverts(simpler, stableSigma, x)) ? simpler : candidate;
                return Polished(chosen, stableSigma, samples, tMin, tMax);
            }
        }

        return null;
    }

    /// <summary>Largest relative round-trip error |sigma^-1(sigma(t)) - t| / |t| an inverse keeps unpolished: 8 eps.</summary>
    public const double InverseRoundTripTolerance = 8 * 2.220446049250313e-16;

    /// <summary>
    /// t0 - (sigma(t0) - sigma) / sigma'(t0) with t0 the closed form and sigma, sigma' the emitted (stabilised) forms,
    /// when the closed form alone loses digits on the samples (Cosine's acos form near TMin loses 3e4 ulp) and the
    /// Newton step recovers them; else the closed form itself. One step suffices: Newton's error is quadratic.
    /// </summary>
    private static Expr Polished(Expr inverse, Expr stableSigma, double[] samples, double tMin, double tMax)
    {
        double before = RoundTripError(inverse, stableSigma, samples);
        if (before <= InverseRoundTripTolerance || NeedsQuadrature(stableSigma) || Evaluator.Size(stableSigma) > SmallSize)
        {
            return inverse;
        }

        Expr derivative = Stabilizer.Stabilize(Rational.Simplify(Differentiator.Derivative(stableSigma, Var.T)), tMin, tMax);
        Expr residual = Sum.Of(Rewriter.Substitute(stableSigma, Var.T, inverse), Product.Of(Expr.MinusOne, Var.Sigma));
        Expr polished = Sum.Of(inverse, Product.Of(Expr.MinusOne, residual, Power.Of(Rewriter.Substitute(derivative, Var.T, inverse), Expr.MinusOne)));
        return RoundTripError(polished, stableSigma, samples) < before ? polished : inverse;
    }

    private static double RoundTripError(Expr inverse, Expr sigma, double[] samples)
    {
        double worst = 0;
        foreach (double t in samples)
        {
            double? y = Evaluator.Evaluate(sigma, Var.T, t);
            if (y is not double value || double.IsNaN(value) || double.IsInfinity(value))
            {
                continue;
            }

            double back = Evaluator.Evaluate(inverse, Var.Sigma, value) ?? double.NaN;
            double error = Math.Abs(back - t) / Math.Max(Math.Abs(t), double.Epsilon);
            worst = double.IsNaN(error) ? double.PositiveInfinity : Math.Max(worst, error);
        }

        return worst;
    }

    private static bool UsesPrincipalBranch(Expr e)
        => e is Call { Function: Function.Asin or Function.Acos or Function.Atan or Function.Acosh } || e.Children.Any(UsesPrincipalBranch);

    private static bool Inverts(Expr candidate, Expr sigma, double t)
    {
        double y = Evaluator.Evaluate(sigma, Var.T, t)!.Value;
        if (double.IsNaN(y) || double.IsInfinity(y))
        {
            return true; // no sigma to invert here (a singular end of the range)
        }

        double? back = Evaluator.Evaluate(candidate, Var.Sigma, y);
        return back is double b && Math.Abs(b - t) <= 1e-9 * Math.Max(Math.Abs(t), 1e-300) + 1e-300;
    }
}
