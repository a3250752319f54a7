namespace Backprop.Kernels;

/// <summary>
/// The library's own background threads for the kernels' parallel work, one fewer than the processor count, started
/// when first needed. Between two pieces of work a thread spins briefly and then blocks (<see cref="Parking"/>), so
/// the serial work of a training step in between runs on a core of its own. The thread pool does not: its idle
/// workers spin on every core (several at once), and on two cores they took the second core from the step.
/// </summary>
internal static class KernelThreads
{
    private static readonly Lock Starting = new();
    private static Helper[] _helpers = [];

    /// <summary>
    /// Hands <paramref name="work"/> to up to <paramref name="count"/> kernel threads, each of which calls its
    /// <see cref="IThreadPoolWorkItem.Execute"/> once, now or when it has finished what it is running; returns how many
    /// took it. The work must not depend on them: the caller does what they have not started (<see cref="ChunkedJob"/>).
    /// </summary>
    public static int Offer(IThreadPoolWorkItem work, int count)
    {
        var helpers = Helpers(count);
        var offered = 0;
        for (var h = 0; h < helpers.Length && offered < count; h++)
        {
            if (helpers[h].TryTake(work))
            {
                offered++;
            }
        }

        return offered;
    }

    /// <summary>The kernel threads, at least <paramref name="count"/> of them where the processor count allows.</summary>
    private static Helper[] Helpers(int count)
    {
        var helpers = Volatile.Read(ref _helpers);
        var wanted = Math.Min(count, Environment.ProcessorCount - 1);
        if (helpers.Length >= wanted)
        {
            return helpers;
        }

        lock (Starting)
        {
            helpers = _helpers;
            if (helpers.Length < wanted)
            {
                var more = new Helper[wanted];
                helpers.CopyTo(more, 0);
                for (var h = helpers.Length; h < wanted; h++)
                {
                    more[h] = new Helper(h + 1);
                }

                Volatile.Write(ref _helpers, more);
                helpers = more;
            }

            return helpers;
        }
    }

    /// <summary>One kernel thread and its one-slot mailbox: empty when the thread is free, or running the work it took last.</summary>
    private sealed class Helper
    {
        private readonly Parking _parking = new();
        private IThreadPoolWorkItem? _mailbox;

        public Helper(int number)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"Backprop kernels {number}" };
            thread.Start();
        }

        /// <summary>Puts the work in the mailbox if it is empty, and wakes the thread if it sleeps.</summary>
        public bool TryTake(IThreadPoolWorkItem work)
        {
            if (Interlocked.CompareExchange(ref _mailbox, work, null) is not null)
            {
                return false;
            }

            _parking.Ring();
            return true;
        }

        private void Loop()
        {
            while (true)
            {
                // The work leaves the mailbox before it runs, so that the next job (offered the moment this one's last
                // chunk is done, before this thread is back here) waits in it rather than being turned away.
                _parking.WaitUntil(this, static helper => Volatile.Read(ref helper._mailbox) is not null);
                var work = Interlocked.Exchange(ref _mailbox, null)!;
                work.Execute(); // the work catches its own exceptions
            }
        }
    }
}
