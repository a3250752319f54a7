namespace Backprop;

/// <summary>
/// Two ping-pong buffers for a forward pass that keeps nothing (prediction): each layer reads one and
/// writes the other. One workspace serves one caller at a time; <see cref="InferenceWorkspacePool{T}"/>
/// hands them out.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class InferenceWorkspace<T>
    where T : struct
{
    private T[]? _sample;

    public InferenceWorkspace(int widestLayer, int capacity)
    {
        Capacity = capacity;
        First = new T[widestLayer * capacity];
        Second = new T[widestLayer * capacity];
    }

    /// <summary>The largest batch the buffers hold.</summary>
    public int Capacity { get; }

    /// <summary>One buffer.</summary>
    public T[] First { get; }

    /// <summary>The other buffer.</summary>
    public T[] Second { get; }

    /// <summary>Room for one sample's inputs (made on first use), so a prediction from a span can run on arrays.</summary>
    public T[] Sample(int inputSize) => _sample ??= new T[inputSize];
}
