namespace SdeDsl.Generators.Symbolic;

/// <summary>How a function of one argument orders its values on its domain.</summary>
internal enum Monotonicity
{
    /// <summary>Neither increasing nor decreasing on the whole domain (sin, cos, cosh).</summary>
    None,

    /// <summary>Non-decreasing on the whole domain.</summary>
    Increasing,

    /// <summary>Non-increasing on the whole domain.</summary>
    Decreasing,
}
