namespace Backprop.Kernels;

/// <summary>Work cut into disjoint chunks that <see cref="ParallelWorkers"/> runs on several threads.</summary>
internal interface IChunkedWork
{
    /// <summary>Runs one chunk of the work.</summary>
    /// <param name="chunk">The chunk, 0 to <paramref name="chunks"/> − 1.</param>
    /// <param name="chunks">The number of chunks of this run.</param>
    void RunChunk(int chunk, int chunks);
}
