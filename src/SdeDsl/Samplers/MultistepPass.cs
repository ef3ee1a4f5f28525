using System;
using System.Numerics;
using SdeDsl.Denoisers;
using SdeDsl.Kernels;
using SdeDsl.Samplers.Driver;

namespace SdeDsl.Samplers;

/// <summary>
/// The update of the multistep samplers of docs/math.md §15 (UniPC, LMS, iPNDM): state = sum_k c_k input_k over up
/// to five inputs, each the state itself or a run buffer, in fused passes of at most four inputs.
/// </summary>
internal static class MultistepPass
{
    /// <summary>The input that stands for the run's state.</summary>
    public const int State = -1;

    /// <summary>state = sum_k c_k input(slots_k); scaled = state * inverseScale when not empty (written by the last pass).</summary>
    /// <remarks>The state, when an input, must come first (fused passes may alias only their first input).</remarks>
    public static void Combine<TSchedule, T, TDenoiser>(
        ref SamplerRun<TSchedule, T, TDenoiser> run, scoped ReadOnlySpan<double> c, scoped ReadOnlySpan<int> slots, Span<T> scaled, double inverseScale)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T>
    {
        Span<T> state = run.State;
        KernelOptions kernel = run.Kernel;
        int n = c.Length;
        Span<T> last = n > 4 ? default : scaled;
        switch (Math.Min(n, 4))
        {
            case 1:
                FusedPass.Combine(c[0], Input(ref run, slots[0]), 0, Input(ref run, slots[0]), state, last, inverseScale, kernel);
                break;
            case 2:
                FusedPass.Combine(c[0], Input(ref run, slots[0]), c[1], Input(ref run, slots[1]), state, last, inverseScale, kernel);
                break;
            case 3:
                FusedPass.Combine(
                    c[0], Input(ref run, slots[0]), c[1], Input(ref run, slots[1]), c[2], Input(ref run, slots[2]), state, last, inverseScale, kernel);
                break;
            default:
                FusedPass.Combine(
                    c[0], Input(ref run, slots[0]), c[1], Input(ref run, slots[1]), c[2], Input(ref run, slots[2]), c[3], Input(ref run, slots[3]),
                    state, last, inverseScale, kernel);
                break;
        }

        if (n > 4)
        {
            FusedPass.Combine<T>(1, state, c[4], Input(ref run, slots[4]), state, scaled, inverseScale, kernel);
        }
    }

    private static Span<T> Input<TSchedule, T, TDenoiser>(ref SamplerRun<TSchedule, T, TDenoiser> run, int slot)
        where TSchedule : struct, INoiseSchedule
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TDenoiser : IDenoiser<T>
        => slot == State ? run.State : run.Buffer(slot);
}
