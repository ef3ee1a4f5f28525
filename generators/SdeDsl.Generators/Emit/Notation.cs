namespace SdeDsl.Generators.Emit;

/// <summary>The two ways an expression is printed.</summary>
internal enum Notation
{
    /// <summary>Compilable C#: <c>double.Sqrt(double.Exp(u) - 1)</c>.</summary>
    CSharp,

    /// <summary>Readable math for doc comments: <c>sqrt(exp(u) - 1)</c>, <c>t^2</c>.</summary>
    Math,
}
