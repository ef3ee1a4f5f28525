namespace SdeDsl.Kernels;

/// <summary>JIT-time constants that fix which inputs a <see cref="LinearCombination{T, TShape}"/> reads.</summary>
internal interface IOperatorShape
{
    static abstract int Arity { get; }

    static abstract bool UsesNoise { get; }
}

/// <summary>out = cz z.</summary>
internal readonly struct NoiseOnly : IOperatorShape
{
    public static int Arity => 0;
    public static bool UsesNoise => true;
}

/// <summary>out = ca a.</summary>
internal readonly struct OneInput : IOperatorShape
{
    public static int Arity => 1;
    public static bool UsesNoise => false;
}

/// <summary>out = ca a + cz z.</summary>
internal readonly struct OneInputWithNoise : IOperatorShape
{
    public static int Arity => 1;
    public static bool UsesNoise => true;
}

/// <summary>out = ca a + cb b.</summary>
internal readonly struct TwoInputs : IOperatorShape
{
    public static int Arity => 2;
    public static bool UsesNoise => false;
}

/// <summary>out = ca a + cb b + cz z.</summary>
internal readonly struct TwoInputsWithNoise : IOperatorShape
{
    public static int Arity => 2;
    public static bool UsesNoise => true;
}

/// <summary>out = ca a + cb b + cc c.</summary>
internal readonly struct ThreeInputs : IOperatorShape
{
    public static int Arity => 3;
    public static bool UsesNoise => false;
}

/// <summary>out = ca a + cb b + cc c + cd d.</summary>
internal readonly struct FourInputs : IOperatorShape
{
    public static int Arity => 4;
    public static bool UsesNoise => false;
}
