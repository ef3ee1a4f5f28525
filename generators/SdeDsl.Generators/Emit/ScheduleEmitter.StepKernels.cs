using System.Collections.Generic;
using System.Linq;
using SdeDsl.Generators.Contract;
using SdeDsl.Generators.Derivation;
using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Emit;

internal static partial class ScheduleEmitter
{
    /// <summary>
    /// The step kernels' schedule-specific half (docs/math.md §17): <c>HasStepCoefficients</c> and one method per
    /// fused step returning its per-step coefficients as this schedule's simplified closed forms in (t, tNext), each
    /// documented with the update it makes. The vector loop that applies them is the runtime's shared fused pass.
    /// </summary>
    private sealed partial class MemberWriter
    {
        private const string Coefficients = "global::SdeDsl.StepCoefficients";
        private const string HeunCoefficients = "global::SdeDsl.HeunStepCoefficients";

        private static IEnumerable<Expr> StepKernelBodies(StepCoefficientForms k) => new[]
        {
            k.EulerX, k.EulerD, k.HeunX, k.HeunD, k.HeunXPredicted, k.HeunDPredicted, k.ReverseSdeX, k.ReverseSdeD,
            k.ReverseSdeZ, k.LangevinX, k.LangevinD, k.LangevinZ, k.CorrectorX, k.CorrectorD, k.CorrectorZ,
        };

        private void WriteStepKernels(StepCoefficientForms k)
        {
            Doc(
                "True: this schedule implements the step-coefficient members with its own closed forms, which the samplers call instead of the generic path.",
                null);
            writer.Line("public static bool " + GeneratedMembers.HasStepCoefficients + " => true;");
            writer.Line();

            Kernel(
                GeneratedMembers.EulerStepCoefficients,
                "Euler on the probability-flow ODE from t to tNext (docs/math.md §7.1): x_next = " + Update(k.EulerX, "x", k.EulerD, "D"),
                "X = 1 + h a(t) and D = -h b(t), h = tNext - t, with this schedule's a and b, simplified symbolically (docs/math.md §17); D = D(x/s(t); sigma(t)).",
                Coefficients,
                new[] { "t", "tNext" },
                k.EulerX, k.EulerD, Expr.Zero);
            writer.Line();
            Kernel(
                GeneratedMembers.HeunCorrectionCoefficients,
                "Heun's trapezoidal correction from t to tNext (docs/math.md §7.2): x_next = "
                    + Update(k.HeunX, "x", k.HeunD, "D", k.HeunXPredicted, "x'", k.HeunDPredicted, "D'"),
                "x' is the Euler prediction at tNext and D' = D(x'/s(tNext); sigma(tNext)); the coefficients are 1 + h/2 a(t), -h/2 b(t), h/2 a(tNext) and -h/2 b(tNext), simplified symbolically (docs/math.md §17).",
                HeunCoefficients,
                new[] { "t", "tNext" },
                k.HeunX, k.HeunD, k.HeunXPredicted, k.HeunDPredicted);
            writer.Line();
            Kernel(
                GeneratedMembers.ReverseSdeStepCoefficients,
                "Euler-Maruyama on the reverse SDE from t to tNext < t (docs/math.md §7.4): x_next = "
                    + Update(k.ReverseSdeX, "x", k.ReverseSdeD, "D", k.ReverseSdeZ, "z"),
                "X = 1 + h (f + g^2/(s^2 sigma^2)), D = -h g^2/(s sigma^2) and Z = sqrt((t - tNext) g^2), h = tNext - t, simplified symbolically (docs/math.md §17); z is the standard normal drawn in the pass.",
                Coefficients,
                new[] { "t", "tNext" },
                k.ReverseSdeX, k.ReverseSdeD, k.ReverseSdeZ);
            writer.Line();
            Kernel(
                GeneratedMembers.LangevinStepCoefficients,
                "The Langevin family from t to tNext < t (docs/math.md §7.5): x_next = "
                    + Update(k.LangevinX, "x", k.LangevinD, "D", k.LangevinZ, "z"),
                "The Euler step plus beta h (x - s D) and the noise s sigma sqrt(2 beta (t - tNext)) z, h = tNext - t (docs/math.md §17); with beta = 0 it is the Euler step bit for bit.",
                Coefficients,
                new[] { "t", "tNext", "beta" },
                k.LangevinX, k.LangevinD, k.LangevinZ);
            writer.Line();
            Kernel(
                GeneratedMembers.LangevinCorrectorCoefficients,
                "One Langevin corrector step of size stepSize at t (docs/math.md §7.9): x_next = "
                    + Update(k.CorrectorX, "x", k.CorrectorD, "D", k.CorrectorZ, "z"),
                "x + eps grad + sqrt(2 eps) z with grad = (D - x/s)/(s sigma^2) and eps = stepSize, simplified symbolically (docs/math.md §17).",
                Coefficients,
                new[] { "t", "stepSize" },
                k.CorrectorX, k.CorrectorD, k.CorrectorZ);
        }

        /// <summary>"c1 v1 + c2 v2 + ...", each coefficient in readable math (parenthesised unless atomic).</summary>
        private string Update(params object[] pairs)
        {
            var terms = new List<string>();
            for (int i = 0; i < pairs.Length; i += 2)
            {
                Expr coefficient = Stable((Expr)pairs[i]);
                string value = Math(coefficient);
                terms.Add((coefficient.IsAtom ? value : "(" + value + ")") + " " + (string)pairs[i + 1]);
            }

            return string.Join(" + ", terms);
        }

        private void Kernel(string name, string summary, string remarks, string type, string[] parameters, params Expr[] coefficients)
        {
            writer.Line("/// <summary>");
            writer.Line("/// " + Escape(summary));
            writer.Line("/// </summary>");
            writer.Line("/// <remarks>" + Escape(remarks) + "</remarks>");

            Expr[] bodies = coefficients.Select(Stable).ToArray();
            var reserved = new HashSet<string>(model.ReservedNames);
            reserved.UnionWith(parameters);
            (List<string> pairLines, Dictionary<Expr, string> pairNames) = PairReads(bodies, reserved);
            (List<string> helperLines, Dictionary<Expr, string> helperNames) = HelperReads(bodies, reserved, null);
            pairLines.AddRange(helperLines);
            foreach (KeyValuePair<Expr, string> named in helperNames)
            {
                pairNames[named.Key] = named.Value;
            }

            (IReadOnlyList<(string Name, Expr Value)> locals, IReadOnlyDictionary<Expr, string> names) = CommonSubexpressions.PlanAll(bodies, reserved, WithConstants(pairNames));
            var parameterSet = new HashSet<string>(parameters);
            var printer = new ExpressionPrinter(
                Notation.CSharp,
                WithConstants(pairNames, names),
                named => QualifyAgainst(named, parameterSet),
                integrandConstructions);
            string signature = modifiers + type + " " + name + "(" + string.Join(", ", parameters.Select(p => "double " + p)) + ")";
            string result = "new(" + string.Join(", ", bodies.Select(printer.Print)) + ")";
            if (locals.Count == 0 && pairLines.Count == 0)
            {
                writer.Line(signature + " => " + result + ";");
                return;
            }

            writer.Open(signature);
            foreach (string line in pairLines)
            {
                writer.Line(line);
            }

            foreach ((string local, Expr value) in locals)
            {
                writer.Line("double " + local + " = " + printer.PrintDefinition(value) + ";");
            }

            writer.Line("return " + result + ";");
            writer.Close();
        }

        /// <summary>A named constant as C#, qualified with the type where a parameter of the method would shadow it.</summary>
        private string QualifyAgainst(Named named, ISet<string> parameters)
        {
            string code = named.IsTypeMember && parameters.Contains(named.Code) ? model.Type.SelfReference + "." + named.Code : named.Code;
            return named.IsDouble ? code : "((double)" + code + ")";
        }
    }
}
