namespace Backprop.Layers;

/// <summary>Told before and after a layer's parameters change (the owning network's guard for concurrent readers).</summary>
internal interface IWeightChangeObserver
{
    /// <summary>Called before the parameters change.</summary>
    void BeginChange();

    /// <summary>Called after the parameters changed (also when the change threw).</summary>
    void EndChange();
}
