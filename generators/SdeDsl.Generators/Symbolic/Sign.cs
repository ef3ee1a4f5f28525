namespace SdeDsl.Generators.Symbolic;

/// <summary>Conservative sign facts: true only when an expression is non-negative wherever it is defined.</summary>
internal static class Sign
{
    public static bool IsNonNegative(Expr e) => e switch
    {
        Num n => n.Value >= 0,
        Named n => n.Value >= 0,
        Call { Function: Function.Exp or Function.Cosh or Function.Acos } => true,
        Call { Function: Function.Cbrt or Function.Sinh or Function.Tanh or Function.Atan or Function.Asinh } c => IsNonNegative(c.Argument),
        Power { Exponent: Num { IsInteger: false } } => true, // principal root: non-negative where real
        Power { Exponent: Num { IsInteger: true } n } p => n.Value % 2 == 0 || IsNonNegative(p.Base),
        Power p => IsNonNegative(p.Base),
        Product p => AllNonNegative(p.Factors),
        Sum s => AllNonNegative(s.Terms),
        _ => false,
    };

    private static bool AllNonNegative(System.Collections.Generic.IEnumerable<Expr> items)
    {
        foreach (Expr item in items)
        {
            if (!IsNonNegative(item))
            {
                return false;
            }
        }

        return true;
    }
}
