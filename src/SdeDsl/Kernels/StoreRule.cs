namespace SdeDsl.Kernels;

/// <summary>
/// The store policy of one kernel pass, decided from its streams (docs/benchmarks.md, "Issue 18, round 3: store
/// policy per pass"): non-temporal stores only when the pass's output will not be read from the cache by the next pass
/// AND the pass writes streams it has not read, in a pass with at least <see cref="MinimumStreams"/> streams.
/// </summary>
/// <remarks>
/// <para>
/// What a non-temporal store saves is the read-for-ownership of a destination line the core has not read (an ordinary
/// store first reads the line from memory: one more read stream per written stream), and it keeps the written lines
/// from evicting the inputs. What it costs is that the line is not in the cache afterwards. So:
/// </para>
/// <list type="bullet">
/// <item>an output updated in place (it aliases an input: Euler's, Heun's and DPM-Solver++(2M)'s x in the samplers) is
/// in the cache when it is written, because the pass has just read it: there is no read-for-ownership to save, and a
/// non-temporal store only throws the line out. Such streams are not counted in <c>streamsWritten</c>;</item>
/// <item>the output can stay in the cache for the next pass only if the pass's whole footprint,
/// (streamsRead + streamsWritten) x bytesPerStream, fits in the last-level cache: a sequential pass over more than the
/// cache leaves the output's first lines evicted when the next pass starts reading them;</item>
/// <item>the stream count (<see cref="MinimumStreams"/>): what the measurement below could decide.</item>
/// </list>
/// <para>
/// The measurement (docs/benchmarks.md, "Issue 18, round 3"; 2-vCPU AMD EPYC Zen 3 VM, 32 MiB L3, 64 Mi floats =
/// 8x the L3, float, 1 and 2 threads, kernel and both floors alternated round by round, 10 rounds, under load average
/// 36-49): for the in-place passes (Euler 2 + 1, DPM-Solver++(2M) 3 + 1, Heun 4 + 1) the non-temporal floor took
/// 1.005-1.17x the ordinary one and the kernels forced to non-temporal stores were slower than with ordinary ones;
/// for the same passes writing a separate buffer (Euler 2 + 1, DPM-Solver++(2M) 3 + 1) the ordinary floor took
/// 1.18-1.34x the non-temporal one and the kernels gained 1.1-1.2x from non-temporal stores.
/// </para>
/// <para>
/// <see cref="KernelOptions"/> can still force either policy (the tests that prove both give the same bits).
/// </para>
/// </remarks>
internal static class StoreRule
{
    /// <summary>
    /// The fewest streams (read + written-only) a pass needs before non-temporal stores are used for it: 3, i.e. every
    /// step pass that writes a separate output (the smallest, 2 + 1, already gained; the copy, 1 + 1, and the fill,
    /// 0 + 1, were not measured and keep ordinary stores). Set by the interleaved measurement above, where the
    /// out-of-place 2 + 1 and 3 + 1 passes ran 1.18-1.34x faster with non-temporal stores; no stream count made
    /// non-temporal stores win for an in-place pass.
    /// </summary>
    public const int MinimumStreams = 3;

    /// <summary>
    /// Whether a pass should store non-temporally.
    /// </summary>
    /// <param name="streamsRead">Input streams the pass loads (an in-place output is one of them).</param>
    /// <param name="streamsWritten">Output streams the pass writes without having read them (not an in-place output).</param>
    /// <param name="bytesPerStream">Bytes of each stream (elements x element size).</param>
    /// <param name="lastLevelCacheBytes">The last-level cache (<see cref="LastLevelCache.Bytes"/>).</param>
    /// <returns>True for non-temporal stores.</returns>
    public static bool PrefersNonTemporal(int streamsRead, int streamsWritten, long bytesPerStream, long lastLevelCacheBytes)
    {
        if (streamsWritten <= 0)
        {
            return false; // only in-place outputs: their lines are in the cache already, nothing to save
        }

        int streams = streamsRead + streamsWritten;
        bool outputLeavesCache = (double)streams * bytesPerStream > lastLevelCacheBytes; // the next pass finds it in memory
        return outputLeavesCache && streams >= MinimumStreams;
    }
}
