using System;
using SdeDsl.Kernels;
using Xunit;

namespace SdeDsl.Tests;

/// <summary>The NaN/infinity scan that guards every denoiser output: every position, both precisions, every tail length.</summary>
public sealed class FiniteCheckTests
{
    [Fact]
    public void Finds_the_first_non_finite_element_at_every_position_of_every_length()
    {
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            for (int length = 0; length <= 70; length++)
            {
                float[] values = new float[length];
                for (int i = 0; i < length; i++)
                {
                    values[i] = (i % 7) - 3.5f;
                }

                Assert.Equal(-1, FiniteCheck.IndexOfNonFinite<float>(values));
                for (int position = 0; position < length; position++)
                {
                    float saved = values[position];
                    values[position] = bad;
                    Assert.Equal(position, FiniteCheck.IndexOfNonFinite<float>(values));
                    if (position + 3 < length)
                    {
                        values[position + 3] = float.NaN; // a later offender does not hide the first
                        Assert.Equal(position, FiniteCheck.IndexOfNonFinite<float>(values));
                        values[position + 3] = (((position + 3) % 7) - 3.5f);
                    }

                    values[position] = saved;
                }
            }
        }
    }

    [Fact]
    public void Double_precision_and_the_largest_finite_values_are_handled()
    {
        double[] values = new double[1000];
        Array.Fill(values, double.MaxValue);
        values[1] = -double.MaxValue;
        Assert.Equal(-1, FiniteCheck.IndexOfNonFinite<double>(values));
        values[997] = double.NegativeInfinity;
        Assert.Equal(997, FiniteCheck.IndexOfNonFinite<double>(values));

        float[] large = new float[1000];
        Array.Fill(large, float.MaxValue);
        Assert.Equal(-1, FiniteCheck.IndexOfNonFinite<float>(large));
    }
}
