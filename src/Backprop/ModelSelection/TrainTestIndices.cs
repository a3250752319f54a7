namespace Backprop;

/// <summary>
/// Which samples train and which test in one split or one fold: sample indices (columns of a
/// <c>features × samples</c> matrix, rows of a <c>double[][]</c>), each list sorted ascending, the two disjoint and
/// together covering <c>0 … Count − 1</c>.
/// </summary>
/// <remarks>Made by <see cref="ModelSelection"/>; apply it with <c>LabeledDataset.Split(TrainTestIndices)</c> or by indexing your own rows.</remarks>
public sealed class TrainTestIndices
{
    private readonly int[] _train;
    private readonly int[] _test;

    internal TrainTestIndices(int[] train, int[] test)
    {
        Array.Sort(train);
        Array.Sort(test);
        _train = train;
        _test = test;
        Train = Array.AsReadOnly(train);
        Test = Array.AsReadOnly(test);
    }

    /// <summary>The indices of the training samples, ascending.</summary>
    public IReadOnlyList<int> Train { get; }

    /// <summary>The indices of the test (or validation) samples, ascending.</summary>
    public IReadOnlyList<int> Test { get; }

    /// <summary>The number of samples split: <c>Train.Count + Test.Count</c>.</summary>
    public int Count => Train.Count + Test.Count;

    /// <inheritdoc />
    public override string ToString() => FormattableString.Invariant($"{Train.Count} train, {Test.Count} test");

    /// <summary>The training indices (for gathering columns; not to be changed).</summary>
    internal int[] TrainArray => _train;

    /// <summary>The test indices (for gathering columns; not to be changed).</summary>
    internal int[] TestArray => _test;
}
