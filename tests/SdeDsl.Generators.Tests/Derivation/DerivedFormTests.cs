using System.Linq;
using SdeDsl.Generators.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Derivation;

/// <summary>
/// The forms the deriver chooses for the built-in schedules (docs/math.md §10.3, §10.5, §10.6): g as the simplified
/// square root of g^2, sub-VP's closed-form inverse, the rewrites that remove cancellations.
/// </summary>
public sealed class DerivedFormTests
{
    private static string Generated(string schedule)
    {
        GeneratorRun run = GeneratorHarness.Run(RepositoryFiles.Read($"src/SdeDsl/Schedules/{schedule}.cs"));
        run.Exception.ShouldBeNull();
        return run.Sources.Values.Single();
    }

    private static string Member(string source, string signature)
    {
        int at = source.IndexOf(signature, System.StringComparison.Ordinal);
        at.ShouldBeGreaterThan(0, $"'{signature}' is generated");
        int end = source.IndexOf("\n\n", at, System.StringComparison.Ordinal);
        return source.Substring(at, end - at);
    }

    /// <summary>A member with the private file helpers it calls (docs/math.md §10.18), transitively: the whole formula it evaluates.</summary>
    private static string WithHelpers(string source, string member)
    {
        var seen = new System.Collections.Generic.HashSet<string>();
        string all = member;
        for (bool grown = true; grown;)
        {
            grown = false;
            foreach (System.Text.RegularExpressions.Match call in System.Text.RegularExpressions.Regex.Matches(all, @"\b([A-Z][A-Za-z0-9_]*)\(t\)"))
            {
                string signature = "private static double " + call.Groups[1].Value + "(double t)";
                if (seen.Add(call.Groups[1].Value) && source.Contains(signature, System.StringComparison.Ordinal))
                {
                    all += "\n" + Member(source, signature);
                    grown = true;
                    break;
                }
            }
        }

        return all;
    }

    [Theory]
    // g = sqrt(g^2): VP's g^2 = beta(t), EDM's 2 t, rectified flow's 2 t / (1 - t) (its (1 - t)^2 pulled out).
    [InlineData("Vp", "double.Sqrt(BetaD * t + BetaMin)")]
    [InlineData("Edm", "double.Sqrt(2 * t)")]
    [InlineData("RectifiedFlow", "double.Sqrt(2 * t / (1 - t))")]
    public void Diffusion_is_the_square_root_of_the_simplified_g_squared(string schedule, string expected)
        => Member(Generated(schedule), "public readonly double Diffusion(double t)").ShouldContain(expected);

    [Fact]
    public void Sub_VP_inverts_in_closed_form_through_asinh()
    {
        string inverse = Member(Generated("SubVp"), "public readonly double TimeAtSigma(double sigma)");
        inverse.ShouldNotContain("SolveTime");
        inverse.ShouldContain("double.Asinh(0.5 * sigma)");
    }

    [Fact]
    public void Cosine_sigma_is_a_product_of_sines_without_a_difference_near_TMin()
    {
        // sigma^2 = cos(a)^2 / cos(b)^2 - 1 = sin(b + a) sin(b - a) / cos(b)^2, b - a = pi/2 t / (1 + S);
        // cos(b) = sin(pi/2 (1 - t) / (1 + S)) near TMax.
        string source = Generated("Cosine");
        string sigma = WithHelpers(source, Member(source, "public readonly double Sigma(double t)"));
        sigma.ShouldNotContain("- 1");
        sigma.ShouldContain("(1 - t)");
        sigma.ShouldNotContain("double.Cos(");
    }
}
