using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backprop.Kernels;

/// <summary>
/// A matrix inside a plain array, as the products read and write it: element (i, j) at
/// <c>Values[Offset + i·RowStride + j·ColumnStride]</c>. A column-major matrix has a row stride of 1 and its leading
/// dimension as column stride; its transpose is the same array with the strides swapped, so no transpose is ever
/// materialised.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal readonly struct StridedMatrix<T>(T[] values, int offset, int rowStride, int columnStride)
{
    /// <summary>The array holding the elements.</summary>
    public T[] Values { get; } = values;

    /// <summary>The index of element (0, 0) in <see cref="Values"/>.</summary>
    public int Offset { get; } = offset;

    /// <summary>Elements between (i, j) and (i + 1, j).</summary>
    public int RowStride { get; } = rowStride;

    /// <summary>Elements between (i, j) and (i, j + 1); a column-major matrix's leading dimension.</summary>
    public int ColumnStride { get; } = columnStride;

    /// <summary>A reference to element (0, 0), for the kernels' unchecked loops.</summary>
    public ref T First => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Values), Offset);

    /// <summary>The same matrix from element (<paramref name="row"/>, <paramref name="column"/>) on.</summary>
    public StridedMatrix<T> From(int row, int column)
        => new(Values, Offset + (row * RowStride) + (column * ColumnStride), RowStride, ColumnStride);
}
