using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SdeDsl.Generators.Tests.Robustness;

/// <summary>
/// Random token-level damage to valid declarations, from a fixed seed: delete, insert, duplicate or swap
/// tokens anywhere in the file (attributes, modifiers, the type name, the time range, the bodies).
/// </summary>
public sealed class TokenMutator
{
    private static readonly string[] Insertions =
    {
        "(", ")", "+", "-", "*", "/", "%", ",", ";", ".", "?", ":", "t", "2", "0", "0.0", "1e308", "Math", "Sin", "Math.Exp", "double", "static",
        "partial", "readonly", "[Sigma]", "[Scale]", "[Drift]", "[Diffusion]", "[NoiseSchedule(TMin = 0, TMax = 1)]", "{", "}", "=>", "return", "new", "class",
        "struct", "this", "ref", "out", "params", "=", "==", "!", "~", "<", ">", "int", "float", "TMin", "TMax", "Sigma", "SigmaDerivative", "A", "K",
    };

    private static readonly string[][] Kinds =
    {
        new[] { "+", "-", "*", "/" },
        new[] { "0", "1", "2", "3", "0.5", "1e-300", "1e300", "0.0", "10" },
        new[] { "t", "A", "B", "N", "F", "K", "Lambda", "PI", "E" },
        new[] { "Exp", "Log", "Log10", "Log2", "Sqrt", "Cbrt", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Tanh", "Asinh", "Acosh", "Atanh", "Abs", "Floor", "Round", "Exp2" },
    };

    private readonly Random random;

    public TokenMutator(int seed) => random = new Random(seed);

    /// <summary>
    /// The source with 1 to 3 random token mutations: anywhere in the file, or (half the time) inside the body
    /// of the [Sigma] method only, where a damaged expression more often still compiles and so reaches the
    /// symbolic engine.
    /// </summary>
    public string Mutate(string source)
    {
        List<string> tokens = SyntaxFactory.ParseTokens(source).Select(t => t.ToFullString()).ToList();
        bool bodyOnly = random.Next(2) == 0;
        (int first, int last) = bodyOnly ? SigmaBody(tokens) : (0, tokens.Count - 2);
        int mutations = random.Next(1, 4);
        for (int m = 0; m < mutations && last >= first; m++)
        {
            int at = random.Next(first, last + 1);
            if (bodyOnly && random.Next(2) == 0 && SameKind(tokens[at].Trim()) is string[] kind)
            {
                // Replace by a token of the same kind (an operator, a number, a name, a function): often still valid C#.
                tokens[at] = tokens[at].Replace(tokens[at].Trim(), kind[random.Next(kind.Length)], StringComparison.Ordinal);
                continue;
            }

            switch (random.Next(4))
            {
                case 0:
                    tokens.RemoveAt(at);
                    last--;
                    break;
                case 1:
                    tokens.Insert(at, " " + Insertions[random.Next(Insertions.Length)] + " ");
                    last++;
                    break;
                case 2:
                    tokens.Insert(at, tokens[at]);
                    last++;
                    break;
                default:
                    int other = Math.Min(at + 1, last);
                    (tokens[at], tokens[other]) = (tokens[other], tokens[at]);
                    break;
            }
        }

        var text = new StringBuilder();
        foreach (string token in tokens)
        {
            text.Append(token);
        }

        return text.ToString();
    }

    private static string[]? SameKind(string token)
        => Kinds.FirstOrDefault(kind => kind.Contains(token)) ?? (token.Length > 0 && char.IsDigit(token[0]) ? Kinds[1] : null);

    /// <summary>The token range of the [Sigma] method's expression body (after "SigmaOf ( double t ) =>", before ";").</summary>
    private static (int First, int Last) SigmaBody(List<string> tokens)
    {
        int name = tokens.FindIndex(t => t.Trim() == "SigmaOf");
        int arrow = tokens.FindIndex(name, t => t.Trim() == "=>");
        int end = tokens.FindIndex(arrow, t => t.Trim() == ";");
        return (arrow + 1, end - 1);
    }
}
