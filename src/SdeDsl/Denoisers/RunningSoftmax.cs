using System;
using System.Numerics;

namespace SdeDsl.Denoisers;

/// <summary>
/// The running-maximum softmax of the vectorised analytic denoisers (docs/math.md §9.7): logits arrive in groups;
/// when a group raises the running maximum m to m', the weights accumulated so far (the normaliser and the weighted
/// sums) were taken relative to m and are rescaled by exp(m - m') &lt;= 1, so no weight ever exceeds 1.
/// </summary>
internal static class RunningSoftmax
{
    /// <summary>Takes the maximum of a group into the running maximum, rescaling what was accumulated before it.</summary>
    public static void Raise(bool firstGroup, Vector<double> groupMax, ref Vector<double> max, ref Vector<double> normaliser, Span<Vector<double>> accumulated)
    {
        if (firstGroup)
        {
            max = groupMax;
            return;
        }

        Vector<double> raised = Vector.MaxNative(max, groupMax), rescale = VectorExp.Exp(max - raised);
        normaliser *= rescale;
        for (int j = 0; j < accumulated.Length; j++)
        {
            accumulated[j] *= rescale;
        }

        max = raised;
    }
}
