using System;
using System.Globalization;
using Consumer;
using SdeDsl;
using SdeDsl.Schedules;

// Uses the package the way a user does and checks the generated members against closed forms written out here
// by hand. Prints every value; exits 1 on any mismatch (.ci/run counts this program as one check).
int failures = 0, checks = 0;
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;

void Check(string what, double actual, double expected, double tolerance = 1e-12)
{
    checks++;
    double error = Math.Abs(actual - expected) / Math.Max(1, Math.Abs(expected));
    bool ok = error <= tolerance && double.IsFinite(actual);
    if (!ok)
    {
        failures++;
    }

    Console.WriteLine(FormattableString.Invariant($"{(ok ? "ok  " : "FAIL")} {what,-40} {actual,24:R} expected {expected,24:R}"));
}

const double BetaMin = 0.1, BetaD = 19.9;
foreach (double t in new[] { 1e-3, 0.1, 0.5, 1.0 })
{
    // VP (docs/math.md §5): u = beta_d t^2/2 + beta_min t, sigma = sqrt(e^u - 1), s = e^(-u/2), beta = u'.
    double u = 0.5 * BetaD * t * t + BetaMin * t, beta = BetaD * t + BetaMin;
    double sigma = Math.Sqrt(Math.Exp(u) - 1), s = Math.Exp(-u / 2);
    double sigmaPrime = beta * Math.Exp(u) / (2 * sigma);
    string at = FormattableString.Invariant($"t={t}");

    Check($"MyVp.Sigma({at})", Sigma(new MyVp(), t), sigma, 1e-10);
    Check($"MyVp.Scale({at})", new MyVp().Scale(t), s);
    Check($"MyVp.SigmaDerivative({at})", new MyVp().SigmaDerivative(t), sigmaPrime, 1e-10);
    Check($"MyVp.Drift({at})", new MyVp().Drift(t), -0.5 * beta);
    Check($"MyVp.DiffusionSquared({at})", new MyVp().DiffusionSquared(t), beta);
    Check($"MyVp.TimeAtSigma(sigma({at}))", new MyVp().TimeAtSigma(sigma), t, 1e-10);
    Check($"VpBySde.Sigma({at})", Sigma(new VpBySde(), t), sigma, 1e-10);
    Check($"VpBySde.Scale({at})", new VpBySde().Scale(t), s);
    Check($"VpBySde.Diffusion({at})", new VpBySde().Diffusion(t), Math.Sqrt(beta));
    Check($"Vp (built-in).Sigma({at})", Sigma(new Vp(), t), sigma, 1e-10);
    Check($"Vp (built-in).OdeDenoiserCoefficient({at})", new Vp().OdeDenoiserCoefficient(t), sigmaPrime * s / sigma, 1e-10);

    // g^2 = 1 + t sin t, s = 1: sigma^2 = integral_0^t (1 + x sin x) dx = t + sin t - t cos t (quadrature at run time).
    Check($"QuadratureSde.Sigma({at})", Sigma(new QuadratureSde(), t), Math.Sqrt(t + Math.Sin(t) - t * Math.Cos(t)), 1e-10);
}

// The suppressed-warning schedules still generate (sigma = c t).
Check("PragmaSuppressed.SigmaDerivative(0.7)", new PragmaSuppressed().SigmaDerivative(0.7), 2);
Check("EditorConfigSuppressed.TimeAtSigma(2.4)", new EditorConfigSuppressed().TimeAtSigma(2.4), 0.8);

Console.WriteLine(failures == 0 ? $"consumer: all {checks} checks passed" : $"consumer: {failures} of {checks} checks FAILED");
return failures == 0 ? 0 : 1;

// Generic over INoiseSchedule as samplers are: proves the generated type implements the packaged interface.
static double Sigma<TSchedule>(TSchedule schedule, double t)
    where TSchedule : struct, INoiseSchedule => schedule.Sigma(t);
