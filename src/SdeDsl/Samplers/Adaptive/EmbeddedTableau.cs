namespace SdeDsl.Samplers.Adaptive;

/// <summary>
/// The Butcher tableau of an explicit embedded pair with the first-same-as-last property (docs/math.md §16.1):
/// stages k_i = f(u + c_i h, y + h sum_{j&lt;i} a_ij k_j), solution y + h sum_i b_i k_i (the last stage is evaluated
/// at that solution, so it is the next step's first), error estimate h sum_i e_i k_i with e = b - b_hat.
/// </summary>
internal sealed class EmbeddedTableau
{
    private EmbeddedTableau(string name, int order, double[] c, double[][] a, double[] b, double[] error)
    {
        Name = name;
        SamplerName = $"AdaptiveOdeSampler ({name})";
        LikelihoodName = $"ProbabilityFlowLikelihood ({name})";
        Order = order;
        C = c;
        A = a;
        B = b;
        Error = error;
    }

    /// <summary>Dormand and Prince 1980, Table 2 (Hairer, Norsett, Wanner I, Table II.5.2).</summary>
    public static EmbeddedTableau DormandPrince54 { get; } = new(
        "Dormand-Prince 5(4)",
        order: 5,
        c: [0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1],
        a:
        [
            [],
            [1.0 / 5],
            [3.0 / 40, 9.0 / 40],
            [44.0 / 45, -56.0 / 15, 32.0 / 9],
            [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729],
            [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656],
            [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84],
        ],
        b: [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0],
        // b - b_hat, b_hat = (5179/57600, 0, 7571/16695, 393/640, -92097/339200, 187/2100, 1/40)
        error:
        [
            35.0 / 384 - 5179.0 / 57600, 0, 500.0 / 1113 - 7571.0 / 16695, 125.0 / 192 - 393.0 / 640,
            -2187.0 / 6784 + 92097.0 / 339200, 11.0 / 84 - 187.0 / 2100, -1.0 / 40,
        ]);

    /// <summary>Bogacki and Shampine 1989 (scipy's RK23).</summary>
    public static EmbeddedTableau BogackiShampine32 { get; } = new(
        "Bogacki-Shampine 3(2)",
        order: 3,
        c: [0, 1.0 / 2, 3.0 / 4, 1],
        a:
        [
            [],
            [1.0 / 2],
            [0, 3.0 / 4],
            [2.0 / 9, 1.0 / 3, 4.0 / 9],
        ],
        b: [2.0 / 9, 1.0 / 3, 4.0 / 9, 0],
        // b - b_hat, b_hat = (7/24, 1/4, 1/3, 1/8)
        error: [2.0 / 9 - 7.0 / 24, 1.0 / 3 - 1.0 / 4, 4.0 / 9 - 1.0 / 3, -1.0 / 8]);

    /// <summary>The method's name, for messages.</summary>
    public string Name { get; }

    /// <summary>The sampler's name in messages (built once, so a solve allocates no string).</summary>
    public string SamplerName { get; }

    /// <summary>The likelihood's name in messages.</summary>
    public string LikelihoodName { get; }

    /// <summary>The order p of the propagated solution; the embedded one has order p - 1.</summary>
    public int Order { get; }

    /// <summary>
    /// The exponent k of the error estimate's step dependence, err ~ h^k with k = (p - 1) + 1 = p (the embedded
    /// order plus one: Hairer's 1/5 for DOPRI5), used by the controller (docs/math.md §16.2).
    /// </summary>
    public int ErrorOrder => Order;

    /// <summary>The number of stages (the last is the next step's first).</summary>
    public int Stages => C.Length;

    /// <summary>The nodes c_i.</summary>
    public double[] C { get; }

    /// <summary>The rows a_i of the stage matrix (a_0 empty).</summary>
    public double[][] A { get; }

    /// <summary>The weights b_i of the propagated solution (equal to the last row of A, with b_last = 0).</summary>
    public double[] B { get; }

    /// <summary>The error weights e_i = b_i - b_hat_i.</summary>
    public double[] Error { get; }

    /// <summary>The tableau of <paramref name="method"/>.</summary>
    public static EmbeddedTableau Of(EmbeddedRungeKuttaMethod method) => method switch
    {
        EmbeddedRungeKuttaMethod.DormandPrince54 => DormandPrince54,
        EmbeddedRungeKuttaMethod.BogackiShampine32 => BogackiShampine32,
        _ => throw new System.ArgumentOutOfRangeException(nameof(method), method, "Unknown embedded Runge-Kutta method."),
    };
}
