namespace Backprop;

/// <summary>One caller at a time on an object that is not safe to share (a trainer): a second concurrent one throws.</summary>
internal ref struct ExclusiveUse
{
    private ref int _flag;
    private bool _held;

    /// <summary>What a second concurrent use of a trainer throws with.</summary>
    public const string TrainerBusyMessage = "This trainer is already training (on another thread or call); a trainer trains one network at a time.";

    public ExclusiveUse(ref int flag)
    {
        if (Interlocked.CompareExchange(ref flag, 1, 0) != 0)
        {
            throw new InvalidOperationException(TrainerBusyMessage);
        }

        _flag = ref flag;
        _held = true;
    }

    public void Dispose()
    {
        if (_held)
        {
            Volatile.Write(ref _flag, 0);
            _held = false;
        }
    }
}
