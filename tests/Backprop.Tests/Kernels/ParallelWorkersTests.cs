using Backprop.Kernels;

namespace Backprop.Tests.Kernels;

/// <summary>
/// <see cref="ParallelWorkers"/>: back-to-back jobs of different chunk counts run every chunk exactly once, chunk 0 on
/// the calling thread; an exception thrown in any chunk reaches the caller, and the next job runs normally.
/// </summary>
public sealed class ParallelWorkersTests
{
    [Fact]
    public void Back_to_back_jobs_of_2_3_and_7_chunks_run_every_chunk_exactly_once_with_chunk_0_on_the_caller()
    {
        // Given jobs of 2, 3 and 7 chunks, one after another (a helper of one job still spinning when the next comes)
        int[] counts = [2, 3, 7, 3, 2, 7];
        for (var round = 0; round < 200; round++)
        {
            foreach (var chunks in counts)
            {
                var work = new CountingWork(chunks);

                // When each runs
                ParallelWorkers.Run(work, chunks);

                // Then each chunk ran once, and chunk 0 on this thread
                work.Runs.Should().AllBeEquivalentTo(1, $"every chunk of a {chunks}-chunk job runs once (round {round})");
                work.ChunkZeroThread.Should().Be(Environment.CurrentManagedThreadId);
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void An_exception_in_a_chunk_reaches_the_caller_and_the_next_job_runs_normally(int throwingChunk)
    {
        // Given a 3-chunk job whose chunk throws
        var failing = new CountingWork(3, throwingChunk);

        // When it runs
        var run = () => ParallelWorkers.Run(failing, 3);

        // Then the caller gets it, wrapped, after every other chunk ran; and a job after it runs every chunk once
        run.Should().Throw<AggregateException>().WithInnerException<InvalidOperationException>().WithMessage($"chunk {throwingChunk}");
        failing.Runs.Should().AllBeEquivalentTo(1);
        var next = new CountingWork(3);
        ParallelWorkers.Run(next, 3);
        next.Runs.Should().AllBeEquivalentTo(1);
    }

    private sealed class CountingWork(int chunks, int throwingChunk = -1) : IChunkedWork
    {
        private readonly int[] _runs = new int[chunks];

        public int[] Runs => _runs;

        public int ChunkZeroThread { get; private set; } = -1;

        public void RunChunk(int chunk, int chunks)
        {
            Interlocked.Increment(ref _runs[chunk]);
            if (chunk == 0)
            {
                ChunkZeroThread = Environment.CurrentManagedThreadId;
            }

            if (chunk == throwingChunk)
            {
                throw new InvalidOperationException($"chunk {chunk}");
            }
        }
    }
}
