using System.Numerics;
using System.Runtime.Intrinsics;

namespace SdeDsl.Kernels;

/// <summary>A read-only pass that finds the first NaN or infinity of a span (x - x is NaN exactly for those).</summary>
internal static class FiniteCheck
{
    /// <summary>The index of the first element that is NaN or infinite, or -1.</summary>
    public static int IndexOfNonFinite<T>(System.ReadOnlySpan<T> values)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && values.Length >= Vector256<T>.Count)
        {
            Vector256<T> accumulator = Vector256<T>.Zero;
            for (; i <= values.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                Vector256<T> v = Vector256.Create(values.Slice(i, Vector256<T>.Count));
                accumulator += v - v;
            }

            if (Vector256.EqualsAll(accumulator, Vector256<T>.Zero))
            {
                for (; i < values.Length; i++)
                {
                    if (!T.IsFinite(values[i]))
                    {
                        return i;
                    }
                }

                return -1;
            }

            i = 0;
        }

        for (; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
