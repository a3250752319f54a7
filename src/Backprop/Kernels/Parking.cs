using System.Diagnostics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Kernels;

/// <summary>
/// Where one thread waits for a condition that another thread makes true and then rings: the waiter spins for a
/// short time first (the kernels' next piece of work, or a helper's last chunk, is usually microseconds away) and
/// only then blocks, so a thread that has nothing to do soon gives its core back.
/// </summary>
/// <remarks>
/// The protocol: the waiter announces that it is about to block (<c>_parked = 1</c>) and looks at the condition once
/// more; the ringer makes the condition true and then takes the announcement back (<c>_parked = 0</c>), releasing
/// the semaphore only if it was there. Both steps are full fences, so either the waiter sees the condition or the
/// ringer sees the announcement, and a release is never lost or left over.
/// The blocking wait is the operating system's semaphore: <see cref="SemaphoreSlim"/> would spin again and take a lock
/// that the ringer then contends for.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Kept for the life of its owner (a kernel thread or a calling thread's job).")]
internal sealed class Parking
{
    /// <summary>
    /// How long a waiter spins before it blocks: longer than the serial work between two parallel products of a
    /// training step (a woken thread takes tens of microseconds to run again), short beside a human's wait.
    /// </summary>
    internal static readonly long SpinTicks = Stopwatch.Frequency / 2_000; // 0.5 ms

    private readonly Semaphore _signal = new(0, 1);
    private int _parked;

    /// <summary>Returns once <paramref name="isReady"/> holds for <paramref name="state"/>; one thread waits at a time.</summary>
    public void WaitUntil<TState>(TState state, Func<TState, bool> isReady)
    {
        var start = Stopwatch.GetTimestamp();
        while (!isReady(state))
        {
            if (Stopwatch.GetTimestamp() - start < SpinTicks)
            {
                Pause();
                continue;
            }

            Interlocked.Exchange(ref _parked, 1);
            if (isReady(state))
            {
                if (Interlocked.Exchange(ref _parked, 0) == 0)
                {
                    _signal.WaitOne(); // the ringer saw the announcement and released: take that release
                }

                return;
            }

            _signal.WaitOne();
        }
    }

    /// <summary>A few pause instructions (a spinning thread's hint to the processor), without the runtime's GC poll of <see cref="Thread.SpinWait"/>.</summary>
    private static void Pause()
    {
        if (X86Base.IsSupported)
        {
            for (var i = 0; i < 8; i++)
            {
                X86Base.Pause();
            }
        }
        else
        {
            Thread.SpinWait(8);
        }
    }

    /// <summary>Wakes the waiter if it blocked; call after making its condition true.</summary>
    public void Ring()
    {
        if (Interlocked.Exchange(ref _parked, 0) == 1)
        {
            _signal.Release();
        }
    }
}
