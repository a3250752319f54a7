using System.Runtime.Intrinsics.X86;

namespace Backprop;

/// <summary>
/// Who may change a network's parameters, and whether a reader saw them unchanged: one training operation at a
/// time (<see cref="EnterTraining"/>), and a version that is odd while a weight update runs, so that
/// <see cref="Network{T}.Predict(MathNet.Numerics.LinearAlgebra.Matrix{T})"/> can refuse to answer from
/// half-updated weights.
/// </summary>
/// <remarks>
/// <para>
/// The protocol is two scopes that can only nest one way: a <see cref="TrainingScope"/> is the one training
/// operation, and a <see cref="WeightUpdate"/> can only be opened inside it, once at a time.
/// </para>
/// <para>
/// A trainer leaves the network of its last step bound to it (<see cref="Binding"/>): its next step on the same network
/// claims the network and, with it, the trainer in one atomic step (<see cref="TryEnterBound"/>), instead of one for each.
/// Every other training operation takes a bound network as it takes a free one, which ends the binding; and the trainer,
/// before any other use of itself, ends its binding (<see cref="Revoke"/>), which fails while a bound step runs. So a
/// binding's step runs only while the trainer is bound, idle, to that one network, and no two uses of one trainer or of
/// one network overlap.
/// </para>
/// </remarks>
internal sealed class ParameterGuard
{
    /// <summary>The holder of a network that an ordinary training operation has claimed.</summary>
    private const long Claimed = -1;

    /// <summary>The holder of a free network.</summary>
    private const long Free = 0;

    private long _version;

    /// <summary>
    /// <see cref="Free"/>; <see cref="Claimed"/>; a <see cref="Binding.Idle"/>: free and bound to that trainer; a
    /// <see cref="Binding.Stepping"/>: claimed by that trainer's bound step. A number, not an object: a reference store
    /// would cost a write barrier on every claim and release.
    /// </summary>
    private long _holder;
    private bool _updating;

    /// <summary>Starts the one training operation; throws when another one (on any thread) is running. A trainer's binding, if any, ends.</summary>
    /// <param name="bindOnExit">The binding of the trainer whose step this is, to leave the network bound to it afterwards; null for other operations.</param>
    /// <exception cref="InvalidOperationException">A training operation is already running.</exception>
    public TrainingScope EnterTraining(Binding? bindOnExit = null)
    {
        while (true)
        {
            var holder = Volatile.Read(ref _holder);
            if (holder != Free && !Binding.IsIdle(holder))
            {
                throw new InvalidOperationException(
                    "This network is already being trained or changed (a forward, backward or training step, or SetWeights) on another call; training calls on one network must not overlap.");
            }

            // Free or bound to an idle trainer: claim it (a lost race with a binding's end or start is tried again).
            if (Interlocked.CompareExchange(ref _holder, Claimed, holder) == holder)
            {
                return new TrainingScope(this, bindOnExit);
            }
        }
    }

    /// <summary>Claims the network for a step of the trainer it is bound to: true when it was bound to <paramref name="binding"/> and idle.</summary>
    internal bool TryEnterBound(Binding binding, out TrainingScope scope)
    {
        if (Interlocked.CompareExchange(ref _holder, binding.Stepping, binding.Idle) == binding.Idle)
        {
            scope = new TrainingScope(this, binding);
            return true;
        }

        scope = default;
        return false;
    }

    /// <summary>Ends <paramref name="binding"/> on this network, if it is still there; called by its trainer before any other use of itself.</summary>
    /// <exception cref="InvalidOperationException">The binding's trainer is stepping on this network (on another thread).</exception>
    internal void Revoke(Binding binding)
    {
        if (Interlocked.CompareExchange(ref _holder, Free, binding.Idle) == binding.Stepping)
        {
            throw new InvalidOperationException(ExclusiveUse.TrainerBusyMessage);
        }
    }

    /// <summary>The version before a read of the parameters; odd while an update runs.</summary>
    public long ReadVersion() => Volatile.Read(ref _version);

    /// <summary>True when no update started or ran since <paramref name="version"/> was read (and none was running then).</summary>
    public bool Unchanged(long version)
    {
        // A full fence, so that on weakly ordered CPUs (ARM64) no parameter read before it moves after the version read.
        Interlocked.MemoryBarrier();
        return (version & 1) == 0 && Volatile.Read(ref _version) == version;
    }

    /// <summary>Ends the training operation: the network is free again, or bound to <paramref name="binding"/>.</summary>
    internal void ExitTraining(Binding? binding) => Volatile.Write(ref _holder, binding?.Idle ?? Free);

    internal void BeginUpdate()
    {
        if (_updating)
        {
            throw new InvalidOperationException("A weight update is already open in this training operation; updates do not nest.");
        }

        _updating = true;
        if (X86Base.IsSupported)
        {
            // x86 keeps stores in program order (TSO), and the parameter writes follow in other calls, which the JIT
            // does not move stores across: a plain store of the odd version is seen before any of them.
            Volatile.Write(ref _version, _version + 1);
        }
        else
        {
            Interlocked.Increment(ref _version); // a full fence: no parameter write moves before it
        }
    }

    internal void EndUpdate()
    {
        // A release store: no parameter write moves after it (the training scope held means no other writer).
        Volatile.Write(ref _version, _version + 1);
        _updating = false;
    }

    /// <summary>
    /// A trainer's mark on the network of its last step (see the remarks of <see cref="ParameterGuard"/>): two numbers
    /// of its own, so a network keeps no trainer alive.
    /// </summary>
    internal sealed class Binding
    {
        private static long _last;

        /// <summary>The holder of a network bound to this trainer and free: even and positive, unique to the trainer.</summary>
        public long Idle { get; } = Interlocked.Add(ref _last, 2);

        /// <summary>The holder of the network while the bound trainer steps on it: odd and positive.</summary>
        public long Stepping => Idle + 1;

        /// <summary>True when <paramref name="holder"/> is some trainer's <see cref="Idle"/>.</summary>
        public static bool IsIdle(long holder) => holder > 0 && (holder & 1) == 0;
    }
}
