using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SdeDsl.Kernels;

/// <summary>A read-only pass that finds the first NaN or infinity of a span (x - x is NaN exactly for those).</summary>
internal static class FiniteCheck
{
    /// <summary>The index of the first element that is NaN or infinite, or -1.</summary>
    /// <remarks>
    /// The vector pass sums x - x into four independent accumulators (0 for finite x, NaN otherwise; NaN is sticky),
    /// so it runs at load throughput rather than at the latency of one add chain; only when the sum is not zero does
    /// a scalar scan locate the first offender.
    /// </remarks>
    public static int IndexOfNonFinite<T>(System.ReadOnlySpan<T> values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && values.Length >= Vector256<T>.Count)
        {
            ref T start = ref MemoryMarshal.GetReference(values);
            int width = Vector256<T>.Count;
            Vector256<T> a0 = Vector256<T>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (; i <= values.Length - (4 * width); i += 4 * width)
            {
                Vector256<T> v0 = Vector256.LoadUnsafe(ref start, (nuint)i);
                Vector256<T> v1 = Vector256.LoadUnsafe(ref start, (nuint)(i + width));
                Vector256<T> v2 = Vector256.LoadUnsafe(ref start, (nuint)(i + (2 * width)));
                Vector256<T> v3 = Vector256.LoadUnsafe(ref start, (nuint)(i + (3 * width)));
                a0 += v0 - v0;
                a1 += v1 - v1;
                a2 += v2 - v2;
                a3 += v3 - v3;
            }

            for (; i <= values.Length - width; i += width)
            {
                Vector256<T> v = Vector256.LoadUnsafe(ref start, (nuint)i);
                a0 += v - v;
            }

            if (Vector256.EqualsAll((a0 + a1) + (a2 + a3), Vector256<T>.Zero))
            {
                return ScalarScan(values, i);
            }

            i = 0;
        }

        return ScalarScan(values, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ScalarScan<T>(System.ReadOnlySpan<T> values, int start)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int i = start; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
