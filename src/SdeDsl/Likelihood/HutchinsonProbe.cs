namespace SdeDsl.Likelihood;

/// <summary>The distribution of the Hutchinson probes v (E[v v^T] = I for both; docs/math.md §16.5).</summary>
public enum HutchinsonProbe
{
    /// <summary>Independent signs +1 / -1 (score_sde's default; the smaller variance, 2 sum_{i != j} J_ij^2 for symmetric J).</summary>
    Rademacher,

    /// <summary>Independent standard normals (variance 2 ||J||_F^2 for symmetric J).</summary>
    Gaussian,
}
