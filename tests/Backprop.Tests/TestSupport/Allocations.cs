namespace Backprop.Tests.TestSupport;

/// <summary>
/// Bytes a piece of steady-state work allocates on the calling thread, measured so that the runtime's one-time work does
/// not count: the work runs in several rounds and the fewest bytes any round allocated is the answer.
/// </summary>
/// <remarks>
/// The runtime can allocate on the measured thread's account at moments of its choosing: when a method with a loop
/// moves from its first compilation to its optimized one in the middle of a call (on-stack replacement), or when the
/// thread pool grows. On a loaded machine that can land in any one round (4,176 bytes in one CI run of the whole
/// suite). Work that allocates on every call allocates in every round, so the fewest bytes stay above zero for it.
/// </remarks>
internal static class Allocations
{
    /// <summary>Runs <paramref name="work"/> in <paramref name="rounds"/> rounds and returns the fewest bytes a round allocated.</summary>
    public static long FewestPerRound(Action work, int rounds = 5)
    {
        var fewest = long.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            work();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
