namespace SdeDsl.Generators.Symbolic;

/// <summary>The elementary functions of one argument the engine differentiates, inverts and emits.</summary>
internal enum Function
{
    Exp,
    Log,
    Log10,
    Sin,
    Cos,
    Tan,
    Asin,
    Acos,
    Atan,
    Sinh,
    Cosh,
    Tanh,
    Asinh,
    Acosh,
    Atanh,
    Cbrt,

    /// <summary>exp(x) - 1 computed without cancellation (emitted only by the Derivation stabiliser).</summary>
    ExpM1,

    /// <summary>log(1 + x) computed without cancellation (emitted only by the Derivation stabiliser).</summary>
    LogP1,
}
