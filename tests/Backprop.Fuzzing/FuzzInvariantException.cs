namespace Backprop.Fuzzing;

/// <summary>A loader accepted an input but broke one of its own guarantees (a crash for afl, like any undocumented exception).</summary>
internal sealed class FuzzInvariantException(string message) : Exception(message)
{
    public static void Require(bool condition, string guarantee)
    {
        if (!condition)
        {
            throw new FuzzInvariantException(guarantee);
        }
    }
}
