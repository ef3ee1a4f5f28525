using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SdeDsl.Generators.Model;
using SdeDsl.Generators.Symbolic;

namespace SdeDsl.Generators.Emit;

/// <summary>
/// The members a schedule with instance hyper-parameters gets (docs/math.md §18): <c>Validate()</c>, which checks a
/// constructed instance the way the build checked the defaults, and a parameterless constructor that means the
/// defaults (when the struct has a primary constructor with a default for every parameter).
/// </summary>
internal static class HyperParameterMembers
{
    /// <summary>The hyper-parameters <paramref name="e"/> reads, in the model's order.</summary>
    public static IEnumerable<HyperParameter> UsedBy(ScheduleModel model, Expr e)
    {
        var names = new HashSet<string>();
        Collect(e, names);
        return model.HyperParameters.Where(h => names.Contains(h.Name));

        static void Collect(Expr e, HashSet<string> names)
        {
            if (e is Named { IsHyperParameter: true } named)
            {
                names.Add(named.Name);
            }

            foreach (Expr child in e.Children)
            {
                Collect(child, names);
            }
        }
    }

    public static void Write(SourceWriter writer, ScheduleModel model, string modifiers)
    {
        if (model.HyperParameters.Count == 0)
        {
            return;
        }

        string name = model.Type.Declaration.Name;
        string defaults = string.Join(", ", model.HyperParameters.Select(h => h.Name + " = " + Format(h.Default)));
        if (model.DefaultConstructorArguments is string arguments)
        {
            writer.Line("/// <summary>");
            writer.Line("/// The schedule with its default hyper-parameters (" + defaults + "), the values the build checked.");
            writer.Line("/// </summary>");
            writer.Line("/// <remarks><c>default(" + Escape(name) + ")</c> is not this: it has every hyper-parameter 0" + (arguments.Length > 0 ? "." : " (no field initialiser runs).") + "</remarks>");
            writer.Line("public " + name + "()" + (arguments.Length > 0 ? " : " + arguments : string.Empty));
            writer.Line("{");
            writer.Line("}");
            writer.Line();
        }

        writer.Line("/// <summary>");
        writer.Line("/// Checks this instance's hyper-parameters (" + string.Join(", ", model.HyperParameters.Select(h => h.Name)) + "; the build checked the defaults " + defaults + "):");
        writer.Line("/// each must be finite, and on [TMin, TMax] sigma(t) must be finite and strictly increasing, s(t) positive,");
        writer.Line("/// g(t)^2 non-negative and sigma^-1(sigma(t)) = t (docs/math.md §18).");
        writer.Line("/// </summary>");
        writer.Line("/// <exception cref=\"global::System.ArgumentException\">A check fails; the message names the hyper-parameters, their values and the t.</exception>");
        string names = string.Join(", ", model.HyperParameters.Select(h => "\"" + h.Name + "\""));
        string values = string.Join(", ", model.HyperParameters.Select(h => h.Code));
        writer.Line(modifiers + "void Validate() => global::SdeDsl.Generated.ScheduleValidation.Validate(this, \"" + name + "\", new string[] { " + names + " }, new double[] { " + values + " });");
        writer.Line();
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
