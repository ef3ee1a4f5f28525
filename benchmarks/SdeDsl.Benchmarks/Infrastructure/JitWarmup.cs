using System;
using System.Diagnostics;

namespace SdeDsl.Benchmarks.Infrastructure;

/// <summary>
/// Runs a benchmark's code on a short prefix until tiered compilation has promoted it, from each benchmark's
/// <c>[GlobalSetup]</c>, before BenchmarkDotNet's own stages begin.
/// </summary>
/// <remarks>
/// <para>
/// Why: a freshly jitted method starts at tier 0 (unoptimised; a loop in it moves to optimised code by on-stack
/// replacement after enough iterations). Call counting starts only after the runtime has seen no new tier-0 code for
/// 100 ms, a method is re-jitted at tier 1 after 30 calls, and the re-jit happens on a background thread. BenchmarkDotNet's
/// full run lets much of this settle before it measures: a jitting stage, a pilot stage that sizes each iteration to
/// <see cref="Configs.FullIterationMilliseconds"/> ms, then <see cref="Configs.FullWarmups"/> warm-up iterations, all
/// after this primer.
/// </para>
/// <para>
/// This primer makes that independent of iteration length (a 16 Mi-element Box-Muller step takes long enough that the
/// pilot stage runs it only a few times per iteration): every implementation the benchmark class times is called
/// on a 4 Ki-element prefix (generic code is shared across lengths, so the same method bodies are promoted) for at
/// least <see cref="Duration"/> and <see cref="MinimumRounds"/> rounds, past the call-counting delay, the 30 calls
/// and the background re-jit. The SdeDsl kernels' driver is marked AggressiveOptimization and is fully optimised at
/// its first call anyway; the primer matters most for the comparison code (scalar loops, the floors' callers).
/// In quick mode it only runs one round (the numbers of a quick run are a smoke test, not results).
/// </para>
/// </remarks>
public static class JitWarmup
{
    /// <summary>The prefix length the primer runs on.</summary>
    public const int PrefixLength = 4096;

    /// <summary>The least wall-clock time the primer runs.</summary>
    public static TimeSpan Duration => BenchmarkSettings.Quick ? TimeSpan.Zero : TimeSpan.FromMilliseconds(300);

    /// <summary>The fewest rounds the primer runs.</summary>
    public static int MinimumRounds => BenchmarkSettings.Quick ? 1 : 100;

    /// <summary>Calls <paramref name="round"/> until both limits are reached.</summary>
    /// <param name="round">One call of everything the benchmark class times, on a short prefix.</param>
    /// <param name="minimumRounds">Overrides <see cref="MinimumRounds"/> for slow rounds (not in quick mode).</param>
    public static void Run(Action round, int? minimumRounds = null)
    {
        ArgumentNullException.ThrowIfNull(round);
        int rounds = BenchmarkSettings.Quick ? MinimumRounds : minimumRounds ?? MinimumRounds;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < rounds || clock.Elapsed < Duration; i++)
        {
            round();
        }
    }
}
