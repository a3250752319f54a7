namespace Backprop.Kernels;

/// <summary>
/// A compile-time column count for <see cref="RegisterTile{T, TVector, TOps, TColumns, TRows}"/>: the JIT specialises the
/// tile for each implementing struct and drops the accumulators of the columns beyond <see cref="Count"/>, so
/// narrow tiles (the last columns of a product, a mini-batch of 10 as two tiles of 5) cost only their own work. The
/// same counts give the vectors per block of <see cref="ColumnSums"/>.
/// </summary>
internal interface ITileColumns
{
    /// <summary>Columns of C per tile, 1 to 12 (13 to 15 only as vectors per block of <see cref="ColumnSums"/>).</summary>
    static abstract int Count { get; }
}

/// <summary>One column per tile.</summary>
internal readonly struct OneColumn : ITileColumns
{
    /// <inheritdoc />
    public static int Count => 1;
}

/// <summary>Two columns per tile.</summary>
internal readonly struct TwoColumns : ITileColumns
{
    /// <inheritdoc />
    public static int Count => 2;
}

/// <summary>Three columns per tile.</summary>
internal readonly struct ThreeColumns : ITileColumns
{
    /// <inheritdoc />
    public static int Count => 3;
}

/// <summary>Four columns per tile.</summary>
internal readonly struct FourColumns : ITileColumns
{
    /// <inheritdoc />
    public static int Count => 4;
}

/// <summary>Five columns per tile.</summary>
internal readonly struct FiveColumns : ITileColumns
{
    /// <inheritdoc />
    public static int Count => 5;
}

/// <summary>Six columns per tile: the widest with 16 vector registers (<see cref="UnpackedProduct.NarrowTileColumns"/>).</summary>
internal readonly struct SixColumns : ITileColumns
{
    /// <inheritdoc />
    public static int Count => 6;
}

/// <summary>Seven columns per tile.</summary>
internal readonly struct SevenColumns : ITileColumns
{
    /// <inheritdoc />
    public static int Count => 7;
}

/// <summary>Eight columns per tile.</summary>
internal readonly struct EightColumns : ITileColumns
{
    /// <inheritdoc />
    public static int Count => 8;
}

/// <summary>Nine columns per tile.</summary>
internal readonly struct NineColumns : ITileColumns
{
    /// <inheritdoc />
    public static int Count => 9;
}

/// <summary>Ten columns per tile.</summary>
internal readonly struct TenColumns : ITileColumns
{
    /// <inheritdoc />
    public static int Count => 10;
}

/// <summary>Eleven columns per tile.</summary>
internal readonly struct ElevenColumns : ITileColumns
{
    /// <inheritdoc />
    public static int Count => 11;
}

/// <summary>Twelve columns per tile.</summary>
internal readonly struct TwelveColumns : ITileColumns
{
    /// <inheritdoc />
    public static int Count => 12;
}

/// <summary>Thirteen vectors per block of <see cref="ColumnSums"/> (13 accumulators and the broadcast, of 16 vector registers).</summary>
internal readonly struct ThirteenColumns : ITileColumns
{
    /// <inheritdoc />
    public static int Count => 13;
}

/// <summary>Fourteen vectors per block of <see cref="ColumnSums"/> (14 accumulators and the broadcast, of 16 vector registers).</summary>
internal readonly struct FourteenColumns : ITileColumns
{
    /// <inheritdoc />
    public static int Count => 14;
}

/// <summary>Fifteen vectors per block of <see cref="ColumnSums"/> (15 accumulators and the broadcast, of 16 vector registers).</summary>
internal readonly struct FifteenColumns : ITileColumns
{
    /// <inheritdoc />
    public static int Count => 15;
}
