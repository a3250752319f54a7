namespace Backprop;

/// <summary>
/// The order in which one epoch visits the training samples, computed from the trainer's seed and the epoch's
/// index in the run alone, so that resuming at epoch k costs one shuffle whatever k is.
/// </summary>
/// <remarks>
/// Epoch <c>k</c> (0-based over the whole run, counting the epochs of earlier <c>Fit</c> calls and of the checkpoint
/// it resumed) is the Fisher–Yates shuffle of <c>0 … n−1</c>: for <c>j</c> from <c>n−1</c> down to 1, swap
/// element <c>j</c> with element <c>⌊u·(j+1)/2⁶⁴⌋</c>, <c>u</c> the next 64-bit draw (Lemire's multiply-high; its
/// bias is below <c>(j+1)/2⁶⁴</c>, under 2⁻³³ for any array .NET can hold). The draws are SplitMix64
/// (Steele, Lea &amp; Flood, 2014) started at <c>mix(seed·2³² + k)</c>, where <c>mix</c> is SplitMix64's output
/// function: the key is one-to-one in (seed, k), and the mixing keeps the streams of neighbouring keys apart.
/// </remarks>
internal static class EpochOrder
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>Fills <paramref name="order"/> with epoch <paramref name="epochIndex"/>'s order of its indices.</summary>
    /// <param name="order">The array to fill; its length is the number of samples.</param>
    /// <param name="seed">The trainer's seed.</param>
    /// <param name="epochIndex">The 0-based index of the epoch in the run.</param>
    /// <param name="shuffle">False for the samples in their given order.</param>
    public static void Fill(int[] order, int seed, int epochIndex, bool shuffle)
    {
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        if (!shuffle)
        {
            return;
        }

        var state = Mix(((ulong)(uint)seed << 32) | (uint)epochIndex);
        for (var j = order.Length - 1; j > 0; j--)
        {
            state += Golden;
            var pick = (int)Math.BigMul(Mix(state), (ulong)(j + 1), out _);
            (order[j], order[pick]) = (order[pick], order[j]);
        }
    }

    // SplitMix64's output function (the finaliser of MurmurHash3 with Stafford's "Mix13" constants).
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
