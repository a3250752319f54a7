using System.Numerics;

namespace Backprop.Kernels;

/// <summary>
/// <c>t ← t + s·g</c> over a list of segments (a network's weights and biases, each with its gradient), and the
/// read-only check before it that every result is finite; large lists split into ranges of the whole over the kernel
/// threads. The operation is element-wise (<see cref="ElementwiseKernels.AddScaled{T}"/>, unfused), so the split
/// changes no bit.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class ParallelAddScaled<T> : ChunkedJob
    where T : struct, IFloatingPointIeee754<T>
{
    /// <summary>Updates of fewer parameters than this run on the calling thread.</summary>
    internal const int ParallelMinValues = 1 << 16;

    [ThreadStatic]
    private static ParallelAddScaled<T>? _current;

    private T[][] _targets = [];
    private T[][] _values = [];
    private T _scale;
    private int _total;
    private bool _checkOnly;
    private int _nonFinite;

    /// <summary>True when <c>t + s·g</c> is finite for every element of every segment; changes nothing.</summary>
    public static bool IsFinite(T[][] targets, T[][] values, T scale, int total, int threads)
    {
        if (threads <= 1 || total < ParallelMinValues)
        {
            for (var s = 0; s < targets.Length; s++)
            {
                if (!ElementwiseKernels.AddScaledIsFinite<T>(targets[s], values[s], scale))
                {
                    return false;
                }
            }

            return true;
        }

        return Run(targets, values, scale, total, threads, checkOnly: true);
    }

    /// <summary><c>t ← t + s·g</c> for every element of every segment.</summary>
    public static void Update(T[][] targets, T[][] values, T scale, int total, int threads)
    {
        if (threads <= 1 || total < ParallelMinValues)
        {
            for (var s = 0; s < targets.Length; s++)
            {
                ElementwiseKernels.AddScaled<T>(targets[s], values[s], scale);
            }

            return;
        }

        Run(targets, values, scale, total, threads, checkOnly: false);
    }

    private static bool Run(T[][] targets, T[][] values, T scale, int total, int threads, bool checkOnly)
    {
        var job = _current ??= new ParallelAddScaled<T>();
        job.Close();
        (job._targets, job._values, job._scale, job._total, job._checkOnly, job._nonFinite) = (targets, values, scale, total, checkOnly, 0);
        try
        {
            job.RunChunks(ChunksPerThread * threads, threads);
            return job._nonFinite == 0;
        }
        finally
        {
            (job._targets, job._values) = ([], []);
        }
    }

    /// <inheritdoc />
    protected override void RunChunk(int chunk, int chunks)
    {
        // The chunk's range of the segments laid end to end, cut where it crosses from one segment to the next.
        var first = (int)((long)_total * chunk / chunks);
        var last = (int)((long)_total * (chunk + 1) / chunks);
        var start = 0;
        for (var s = 0; s < _targets.Length && start < last; s++)
        {
            var length = _targets[s].Length;
            var from = Math.Max(first, start) - start;
            var to = Math.Min(last, start + length) - start;
            if (from < to)
            {
                var target = _targets[s].AsSpan(from, to - from);
                var value = _values[s].AsSpan(from, to - from);
                if (!_checkOnly)
                {
                    ElementwiseKernels.AddScaled<T>(target, value, _scale);
                }
                else if (!ElementwiseKernels.AddScaledIsFinite<T>(target, value, _scale))
                {
                    Volatile.Write(ref _nonFinite, 1);
                }
            }

            start += length;
        }
    }
}
