namespace Backprop.Kernels;

/// <summary>
/// A compile-time count of vectors down a column of <see cref="RegisterTile{T, TVector, TOps, TColumns, TRows}"/>: two for
/// the full tile, one for the last rows of a product when they fit in one vector, so that those rows cost half the
/// multiply-adds instead of being padded to a full tile.
/// </summary>
internal interface ITileRows
{
    /// <summary>Vectors of C per tile column, 1 or 2.</summary>
    static abstract int Count { get; }
}

/// <summary>One vector down each column of the tile.</summary>
internal readonly struct OneVector : ITileRows
{
    /// <inheritdoc />
    public static int Count => 1;
}

/// <summary>Two vectors down each column of the tile: the full tile, <c>MR</c> rows.</summary>
internal readonly struct TwoVectors : ITileRows
{
    /// <inheritdoc />
    public static int Count => 2;
}
