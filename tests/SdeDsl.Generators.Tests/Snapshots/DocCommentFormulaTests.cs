using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using SdeDsl.Generators.Tests.Declarations;
using SdeDsl.Generators.Tests.Infrastructure;
using Shouldly;
using Xunit;

namespace SdeDsl.Generators.Tests.Snapshots;

/// <summary>
/// Every generated member's doc comment states the formula the member evaluates (after the stabilising rewrites and
/// the hoisting of subexpressions): the comment's readable math, read back by an independent parser
/// (<see cref="MathFormula"/>), gives the member's value at points across [TMin, TMax].
/// </summary>
public sealed class DocCommentFormulaTests
{
    /// <summary>
    /// Relative agreement asked of comment and body. Both evaluate the same tree, but the body may associate a product
    /// differently, multiply by a hoisted reciprocal where the comment divides, or read a hoisted constant: each
    /// such difference is a rounding of at most 1 ulp (1.1e-16) per operation, amplified by the members' condition
    /// numbers (below 1e3 on these ranges) over at most ~40 operations, so 1e-11 leaves a wide margin while a
    /// comment that shows another formula (a dropped term or factor, a sign) is off by far more.
    /// </summary>
    private const double Tolerance = 1e-11;

    public static TheoryData<string> Schedules
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (string name in GeneratedSourceSnapshotTests.BuiltInNames)
            {
                data.Add("builtin:" + name);
            }

            // Quadratic<T> is generic (no instance to call) and names a constant "sigma" like TimeAtSigma's parameter.
            foreach (string name in GeneratedSourceSnapshotTests.Sources.Keys.Where(k => k != "GenericStructWithCollidingConstant"))
            {
                data.Add("declaration:" + name);
            }

            foreach (string name in RicherDeclarationSources.All.Keys)
            {
                data.Add("richer:" + name);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Schedules))]
    public void Each_member_doc_comment_evaluates_to_the_member(string key)
    {
        string[] parts = key.Split(':');
        string source = parts[0] switch
        {
            "builtin" => RepositoryFiles.Read($"src/SdeDsl/Schedules/{parts[1]}.cs"),
            "declaration" => GeneratedSourceSnapshotTests.Sources[parts[1]],
            _ => RicherDeclarationSources.All[parts[1]],
        };
        GeneratorRun run = GeneratorHarness.Run(source);
        run.Exception.ShouldBeNull();
        string generated = run.Sources.Values.Single();
        string typeName = FullTypeName(generated);
        Type type = run.Load().GetType(typeName) ?? throw new InvalidOperationException("No type " + typeName);
        object schedule = Activator.CreateInstance(type)!;
        var inverse = (INoiseSchedule)schedule;

        int checkedMembers = 0;
        foreach ((string summary, string method, string[] parameters) in DocumentedMethods(generated))
        {
            if (summary.Contains("integral_0^t", StringComparison.Ordinal) || summary.StartsWith("sigma^-1(sigma): ", StringComparison.Ordinal))
            {
                continue; // quadrature has no closed form to read back; the Newton inverse states no formula
            }

            MethodInfo member = type.GetMethod(method) ?? throw new InvalidOperationException("No method " + method);
            for (int i = 0; i <= 8; i++)
            {
                double t = inverse.TMin + (inverse.TMax - inverse.TMin) * i / 8.0;
                var values = new Dictionary<string, double>
                {
                    ["t"] = t,
                    ["tNext"] = inverse.TMin + 0.9 * (t - inverse.TMin),
                    ["beta"] = 0.3,
                    ["stepSize"] = 0.01,
                    ["sigma"] = inverse.Sigma(t),
                };
                object[] arguments = parameters.Select(p => (object)values[p]).ToArray();
                object result = member.Invoke(schedule, arguments)!;
                double Lookup(string name) => values.TryGetValue(name, out double v) && parameters.Contains(name) ? v : Constant(type, schedule, name);
                foreach ((string formula, double expected) in Claims(summary, result))
                {
                    double stated = MathFormula.Evaluate(formula, Lookup);
                    string where = $"{typeName}.{method} at {string.Join(", ", parameters.Select(p => p + " = " + values[p].ToString("R")))}: '{formula}'";
                    if (double.IsNaN(expected) || double.IsInfinity(expected))
                    {
                        stated.ShouldBe(expected, where);
                    }
                    else
                    {
                        double scale = Math.Max(Math.Abs(expected), 1e-300);
                        (Math.Abs(stated - expected) / scale).ShouldBeLessThanOrEqualTo(Tolerance, where + $" states {stated:R}, computes {expected:R}");
                    }
                }
            }

            checkedMembers++;
        }

        checkedMembers.ShouldBeGreaterThanOrEqualTo(3, "every schedule has closed-form members whose comments can be read back");
    }

    /// <summary>The value(s) a summary claims: "name(t) = ... = formula", or a step's "x_next = (X) x + (D) D + ...".</summary>
    private static IEnumerable<(string Formula, double Value)> Claims(string summary, object result)
    {
        if (result is double value)
        {
            string formula = summary[(summary.LastIndexOf(" = ", StringComparison.Ordinal) + 3)..];
            foreach (string note in new[] { " (declared)", " (no [Scale] is declared)" })
            {
                formula = formula.EndsWith(note, StringComparison.Ordinal) ? formula[..^note.Length] : formula;
            }

            yield return (formula, value);
            yield break;
        }

        string update = summary[(summary.IndexOf("x_next = ", StringComparison.Ordinal) + "x_next = ".Length)..];
        var coefficients = new Dictionary<string, string>();
        int at = 0;
        while (at < update.Length)
        {
            (string operand, int end) = MathFormula.Operand(update, at);
            int nameEnd = update.IndexOf(' ', end + 1);
            nameEnd = nameEnd < 0 ? update.Length : nameEnd;
            coefficients.Add(update[(end + 1)..nameEnd], operand);
            at = Math.Min(update.Length, nameEnd + 3); // past " + "
        }

        var properties = new Dictionary<string, string> { ["x"] = "X", ["D"] = "D", ["z"] = "Z", ["x'"] = "XPredicted", ["D'"] = "DPredicted" };
        foreach ((string variable, string formula) in coefficients)
        {
            yield return (formula, (double)result.GetType().GetProperty(properties[variable])!.GetValue(result)!);
        }

        // A coefficient the comment leaves out must be zero (Euler's Z).
        foreach ((string variable, string property) in properties.Where(p => !coefficients.ContainsKey(p.Key)))
        {
            if (result.GetType().GetProperty(property) is PropertyInfo missing)
            {
                yield return ("0", (double)missing.GetValue(result)!);
            }
        }
    }

    /// <summary>A named constant or hyper-parameter of the schedule, read from the compiled type.</summary>
    private static double Constant(Type type, object schedule, string name)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;
        FieldInfo? field = type.GetField(name, all) ?? type.GetField("<" + name + ">P", all);
        if (field is not null)
        {
            return Convert.ToDouble(field.IsLiteral ? field.GetRawConstantValue() : field.GetValue(field.IsStatic ? null : schedule));
        }

        PropertyInfo property = type.GetProperty(name, all) ?? throw new InvalidOperationException("The comment names " + name + ", which " + type + " does not have");
        return Convert.ToDouble(property.GetValue(schedule));
    }

    private static string FullTypeName(string generated)
    {
        string? ns = Regex.Match(generated, @"^namespace ([\w.]+);", RegexOptions.Multiline) is { Success: true } m ? m.Groups[1].Value
            : Regex.Match(generated, @"^namespace ([\w.]+)$", RegexOptions.Multiline) is { Success: true } m2 ? m2.Groups[1].Value : null;
        var types = Regex.Matches(generated, @"^\s*partial (?:struct|class|record struct|record class|record) (\w+)", RegexOptions.Multiline).Select(x => x.Groups[1].Value).ToList();
        string nested = string.Join("+", types);
        return ns is null ? nested : ns + "." + nested;
    }

    /// <summary>Each documented method: its summary line, name and parameter names.</summary>
    private static IEnumerable<(string Summary, string Method, string[] Parameters)> DocumentedMethods(string generated)
    {
        string[] lines = generated.Split('\n').Select(l => l.Trim()).ToArray();
        for (int i = 0; i + 2 < lines.Length; i++)
        {
            if (lines[i] != "/// <summary>" || !lines[i + 2].StartsWith("/// </summary>", StringComparison.Ordinal))
            {
                continue;
            }

            string summary = lines[i + 1]["/// ".Length..].Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&");
            int declaration = i + 3;
            while (lines[declaration].StartsWith("///", StringComparison.Ordinal))
            {
                declaration++;
            }

            Match signature = Regex.Match(lines[declaration], @"^public (?:readonly )?[\w.:]+ (\w+)\(([^)]*)\)");
            if (!signature.Success || lines[declaration].StartsWith("public static", StringComparison.Ordinal))
            {
                continue; // a property, the constructor, Validate, or a nested integrand
            }

            string[] parameters = signature.Groups[2].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => p.Split(' ')[1]).ToArray();
            if (parameters.Length == 0)
            {
                continue;
            }

            yield return (summary, signature.Groups[1].Value, parameters);
        }
    }
}
