namespace Backprop;

/// <summary>
/// A lock-free pool of <see cref="InferenceWorkspace{T}"/>: each caller takes a workspace out of a slot
/// (an atomic exchange) and puts it back when done, so concurrent predictions never share buffers and a
/// single caller allocates nothing in steady state.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class InferenceWorkspacePool<T>
    where T : struct
{
    private readonly InferenceWorkspace<T>?[] _slots = new InferenceWorkspace<T>?[Math.Max(2, Environment.ProcessorCount)];
    private readonly int _widestLayer;

    public InferenceWorkspacePool(int widestLayer) => _widestLayer = widestLayer;

    /// <summary>Takes a workspace that holds at least <paramref name="batchSize"/> samples; a pooled one too small for it is replaced.</summary>
    public InferenceWorkspace<T> Rent(int batchSize)
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            var workspace = Interlocked.Exchange(ref _slots[i], null);
            if (workspace is null)
            {
                continue;
            }

            if (workspace.Capacity >= batchSize)
            {
                return workspace;
            }

            // Too small: dropped, so the larger one made below takes its place when it comes back (putting it back
            // would make every call with this batch size allocate anew).
            break;
        }

        return new InferenceWorkspace<T>(_widestLayer, batchSize);
    }

    /// <summary>Puts a workspace back in a free slot, or drops it when every slot is taken.</summary>
    public void Return(InferenceWorkspace<T> workspace)
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _slots[i], workspace, null) is null)
            {
                return;
            }
        }
    }
}
