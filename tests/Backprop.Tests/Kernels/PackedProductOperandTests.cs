using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Backprop.Kernels;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Kernels;

/// <summary>
/// The packed product reads an operand where it is when its layout allows (a column-major A whose columns are under a
/// page apart, where one tile covers a panel of B; a column- or row-major B read by at most 256 float32 or 128 float64
/// rows of A) and packs it otherwise: the same sums in the same order either way, so every result has the same bits
/// whatever the operands' layout.
/// </summary>
public sealed class PackedProductOperandTests
{
    // Rows around one and two vectors of floats and doubles (the one-vector last panel, a full tile and one row more),
    // two blocks of A with B read in place (200 at 256 bits) and more than B is read in place for (257), columns around
    // the twelve-column panel, depths of one step, a few, and two blocks.
    private static readonly int[] Rows = [1, 9, 15, 16, 17, 31, 32, 33, 47, 100, 200, 257];
    private static readonly int[] Columns = [1, 11, 12, 13, 25];
    private static readonly int[] Depths = [1, 17, 401];

    public static TheoryData<string, bool> Widths()
    {
        var data = new TheoryData<string, bool>();
        foreach (var type in new[] { "float", "double" })
        {
            data.Add(type, false);
            if (Vector512.IsHardwareAccelerated)
            {
                data.Add(type, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Every_layout_of_the_operands_gives_the_same_bits(string type, bool wide)
    {
        if (type == "float")
        {
            EveryLayoutGivesTheSameBits<float>(wide);
        }
        else
        {
            EveryLayoutGivesTheSameBits<double>(wide);
        }
    }

    [Fact]
    public void A_is_read_in_place_only_where_one_tile_covers_a_panel_of_B()
    {
        // Given column-major float32 A's whose columns are 1 KiB apart (a 256-neuron layer's weights) and a page apart
        var close = new StridedMatrix<float>(new float[256 * 4], 0, 1, 256);
        var pageApart = new StridedMatrix<float>(new float[1024 * 4], 0, 1, 1024);

        // When the packed product decides whether to pack them
        // Then the close one is read in place exactly where the processor has 32 vector registers (one twelve-column tile
        // reads each panel of A once; with 16, two six-column tiles read it and it is packed), the other never
        PackedProduct.ReadsAInPlace(close).Should().Be(UnpackedProduct.HasThirtyTwoVectorRegisters);
        PackedProduct.ReadsAInPlace(pageApart).Should().BeFalse();
    }

    [Fact]
    public void B_is_read_in_place_for_up_to_256_float_or_128_double_rows_of_A()
    {
        // Given a column-major, a row-major and a strided B
        var columnMajor = new StridedMatrix<float>(new float[784 * 4], 0, 1, 784);
        var rowMajor = new StridedMatrix<float>(new float[784 * 4], 0, 784, 1);
        var strided = new StridedMatrix<float>(new float[784 * 8], 0, 2, 1568);
        var doubles = new StridedMatrix<double>(new double[784 * 4], 0, 1, 784);

        // When the packed product decides whether to pack them for A's of a few row counts
        // Then a column- or row-major B is read in place up to 256 float32 rows (one block of A at 512 bits, two at 256)
        // or 128 float64 rows, at any vector width; a B with neither stride 1 is always packed
        PackedProduct.ReadsBInPlace(256, columnMajor).Should().BeTrue();
        PackedProduct.ReadsBInPlace(256, rowMajor).Should().BeTrue();
        PackedProduct.ReadsBInPlace(257, columnMajor).Should().BeFalse();
        PackedProduct.ReadsBInPlace(1, strided).Should().BeFalse();
        PackedProduct.ReadsBInPlace(128, doubles).Should().BeTrue();
        PackedProduct.ReadsBInPlace(129, doubles).Should().BeFalse();
    }

    private static void EveryLayoutGivesTheSameBits<T>(bool wide)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var differences = new List<string>();
        foreach (var m in Rows)
        {
            foreach (var n in Columns)
            {
                foreach (var k in Depths)
                {
                    // Given A, B and a C to accumulate into, and each operand in four layouts
                    var random = new Random((m * 7919) + (n * 31) + k);
                    var a = TestData.UniformArray<T>(random, m * k);
                    var b = TestData.UniformArray<T>(random, k * n);
                    var initial = TestData.UniformArray<T>(random, m * n);
                    var aLayouts = Layouts(a, m, k);
                    var bLayouts = Layouts(b, k, n);
                    foreach (var accumulate in new[] { false, true })
                    {
                        // When C = 0.375·A·B (or C += it) is computed for every pair of layouts
                        T[]? first = null;
                        foreach (var (aName, aLayout) in aLayouts)
                        {
                            foreach (var (bName, bLayout) in bLayouts)
                            {
                                var c = (T[])initial.Clone();
                                Multiply(wide, m, n, k, aLayout, bLayout, new StridedMatrix<T>(c, 0, 1, m), accumulate);

                                // Then every pair gives the bits of the first
                                if (first is null)
                                {
                                    first = c;
                                }
                                else if (Bitwise.FirstDifference<T>(first, c) is var index and >= 0)
                                {
                                    differences.Add($"{m}×{n}×{k}, accumulate {accumulate}, A {aName}, B {bName}: element {index}");
                                }
                            }
                        }
                    }
                }
            }
        }

        differences.Should().BeEmpty("the layout of an operand must not change the sums");
    }

    private static void Multiply<T>(bool wide, int m, int n, int k, StridedMatrix<T> a, StridedMatrix<T> b, StridedMatrix<T> c, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var scale = T.CreateChecked(0.375);
        if (wide)
        {
            PackedProduct.Multiply<T, Vector512<T>, Vector512Operations<T>>(m, n, k, scale, a, b, c, accumulate);
        }
        else
        {
            PackedProduct.Multiply<T, Vector256<T>, Vector256Operations<T>>(m, n, k, scale, a, b, c, accumulate);
        }
    }

    /// <summary>
    /// A <c>rows × columns</c> matrix (column-major <paramref name="values"/>) stored four ways: column-major with its
    /// columns close (read in place as A), column-major with its columns more than a page apart (packed as A),
    /// row-major (the transpose column-major: packed as A, read in place as B of one block), and with neither stride 1
    /// (packed element by element).
    /// </summary>
    private static (string Name, StridedMatrix<T> Matrix)[] Layouts<T>(T[] values, int rows, int columns)
        where T : unmanaged
    {
        var page = 4096 / Unsafe.SizeOf<T>();
        return
        [
            ("column-major", Store(values, rows, columns, offset: 2, rowStride: 1, columnStride: rows + 1)),
            ("column-major, columns a page apart", Store(values, rows, columns, offset: 1, rowStride: 1, columnStride: Math.Max(rows + 1, page + 3))),
            ("row-major", Store(values, rows, columns, offset: 1, rowStride: columns + 2, columnStride: 1)),
            ("strided", Store(values, rows, columns, offset: 0, rowStride: 2, columnStride: (2 * rows) + 3)),
        ];
    }

    private static StridedMatrix<T> Store<T>(T[] values, int rows, int columns, int offset, int rowStride, int columnStride)
        where T : unmanaged
    {
        var stored = new T[offset + ((rows - 1) * rowStride) + ((columns - 1) * columnStride) + 2];
        for (var j = 0; j < columns; j++)
        {
            for (var i = 0; i < rows; i++)
            {
                stored[offset + (i * rowStride) + (j * columnStride)] = values[i + (j * rows)];
            }
        }

        return new StridedMatrix<T>(stored, offset, rowStride, columnStride);
    }
}
