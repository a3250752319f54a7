using System.Runtime.Intrinsics.X86;

namespace Backprop;

/// <summary>
/// Who may change a network's parameters, and whether a reader saw them unchanged: one training operation at a
/// time (<see cref="EnterTraining"/>), and a version that is odd while a weight update runs, so that
/// <see cref="Network{T}.Predict(MathNet.Numerics.LinearAlgebra.Matrix{T})"/> can refuse to answer from
/// half-updated weights.
/// </summary>
/// <remarks>
/// The protocol is two scopes that can only nest one way: a <see cref="TrainingScope"/> is the one training
/// operation, and a <see cref="WeightUpdate"/> can only be opened inside it, once at a time.
/// </remarks>
internal sealed class ParameterGuard
{
    private long _version;
    private int _busy;
    private bool _updating;

    /// <summary>Starts the one training operation; throws when another one (on any thread) is running.</summary>
    /// <exception cref="InvalidOperationException">A training operation is already running.</exception>
    public TrainingScope EnterTraining()
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            throw new InvalidOperationException(
                "This network is already being trained or changed (a forward, backward or training step, or SetWeights) on another call; training calls on one network must not overlap.");
        }

        return new TrainingScope(this);
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

    internal void ExitTraining() => Volatile.Write(ref _busy, 0);

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
}
