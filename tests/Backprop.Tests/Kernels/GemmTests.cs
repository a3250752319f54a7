using System.Numerics;
using System.Runtime.Intrinsics;
using Backprop.Kernels;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Kernels;

/// <summary>
/// <see cref="Gemm"/> against a naive triple loop accumulated in float64, on shapes that do and do not fill
/// the vector width, the micro-tile (MR × NR), the packed blocks (MC, KC, NC), for every stride form of A and B,
/// with and without accumulation; and the same bits for every degree of parallelism.
/// </summary>
public sealed class GemmTests
{
    /// <summary>Which entry point a theory calls.</summary>
    public enum Path
    {
        /// <summary><c>Gemm.Multiply</c> without a scale, which picks the direct, thin, unpacked or packed loop itself.</summary>
        Multiply,

        /// <summary><c>Gemm.Multiply</c> with a scale, which picks the loop itself too.</summary>
        MultiplyScaled,

        /// <summary><c>DirectProduct.Multiply</c>.</summary>
        Direct,

        /// <summary><c>PackedProduct.Multiply</c>, at the machine's vector width.</summary>
        Packed,

        /// <summary>The packed product with 256-bit tiles.</summary>
        Packed256,

        /// <summary>The packed product with 512-bit tiles (run in software where the hardware lacks them).</summary>
        Packed512,

        /// <summary>The unpacked product (A column-major, C at least one tile tall, no accumulation) with 256-bit tiles of up to six columns.</summary>
        Unpacked256,

        /// <summary>The unpacked product with 512-bit tiles of up to twelve columns.</summary>
        Unpacked512,
    }

    /// <summary>The factor every product is scaled by (not a power of two, so a missing or doubled scale shows).</summary>
    private const double Scale = 0.375;

    // m × n × k: 1×1×1, odd sizes, sizes around the vector widths (4 or 8 doubles, 8 or 16 floats), the micro-tile
    // (MR = 8, 16 or 32 rows, NR = 6 columns), KC = 400 floats or 256 doubles (k = 257, 401, 1030), MC (m = 257),
    // NC = 1536 (n = 1537), and the mini-batch shapes of a 784-100-10 network (W·A and δ·Aᵀ for a batch of 10), and one
    // sample's products (n = 1: W·a and Wᵀ·δ; k = 1: δ·aᵀ) big enough to leave the direct loop; and A 1,030 rows tall,
    // whose columns are a 4 KiB page or more apart, so the packed product packs it instead of reading it in place.
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (1, 1, 1), (2, 3, 5), (3, 5, 7), (5, 7, 8), (7, 8, 9), (8, 9, 15), (9, 15, 16), (15, 16, 17),
        (16, 17, 31), (17, 31, 33), (31, 33, 63), (33, 63, 65), (63, 65, 100), (65, 100, 17), (100, 17, 9),
        (8, 8, 8), (16, 6, 16), (16, 12, 1), (9, 6, 2), (1, 100, 1), (100, 1, 1), (1, 1, 100),
        (257, 5, 3), (3, 257, 8), (2, 9, 257), (17, 6, 257), (257, 33, 65), (65, 257, 33), (33, 65, 257),
        (7, 1021, 3), (5, 3, 1030), (9, 13, 401), (3, 1537, 2), (100, 10, 784), (100, 784, 10), (33, 7, 40), (47, 13, 3),
        (40, 2, 9), (40, 4, 9), (64, 12, 20), (33, 11, 5), (20, 14, 3), (35, 23, 4),
        (600, 1, 5), (200, 1, 3), (33, 1, 40), (100, 1, 784), (784, 1, 100), (40, 30, 1), (100, 784, 1), (1030, 13, 20),
    ];

    public static TheoryData<Path, int, int, int, bool, bool> Cases()
    {
        var cases = new TheoryData<Path, int, int, int, bool, bool>();
        foreach (var path in Enum.GetValues<Path>())
        {
            foreach (var (m, n, k) in Shapes)
            {
                foreach (var aTransposed in new[] { false, true })
                {
                    foreach (var bTransposed in new[] { false, true })
                    {
                        var unpacked = path is Path.Unpacked256 or Path.Unpacked512;
                        var tileRows = 2 * (path == Path.Unpacked512 ? 16 : 8);
                        if (!unpacked || (!aTransposed && m >= tileRows))
                        {
                            cases.Add(path, m, n, k, aTransposed, bTransposed);
                        }
                    }
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Product_in_double_equals_a_naive_triple_loop(Path path, int m, int n, int k, bool aTransposed, bool bTransposed)
    {
        ProductEqualsNaiveLoop<double>(path, m, n, k, aTransposed, bTransposed);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Product_in_float_equals_a_naive_triple_loop(Path path, int m, int n, int k, bool aTransposed, bool bTransposed)
    {
        ProductEqualsNaiveLoop<float>(path, m, n, k, aTransposed, bTransposed);
    }

    [Theory]
    [InlineData(300, 300, 300)]
    [InlineData(1000, 10, 784)]
    [InlineData(10, 1000, 784)]
    [InlineData(256, 128, 784)]
    public void Thread_count_does_not_change_a_single_bit_in_double(int m, int n, int k)
    {
        ParallelProductIsBitIdentical<double>(m, n, k);
    }

    [Theory]
    [InlineData(300, 300, 300)]
    [InlineData(1000, 10, 784)]
    [InlineData(10, 1000, 784)]
    [InlineData(256, 128, 784)]
    public void Thread_count_does_not_change_a_single_bit_in_float(int m, int n, int k)
    {
        ParallelProductIsBitIdentical<float>(m, n, k);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_product_of_depth_zero_writes_zeros_or_leaves_c_alone_when_accumulating(bool accumulate)
    {
        // Given C filled with 7s and an empty inner dimension
        var c = Enumerable.Repeat(7.0, 12).ToArray();

        // When C = A·B (or C += A·B) with k = 0 for the 3×4 matrix C
        Gemm.Multiply(3, 4, 0, [], 0, 1, 3, [], 0, 1, 0, c, 0, 3, accumulate);

        // Then the empty sum is 0: C is all zeros, or unchanged when accumulating
        c.Should().OnlyContain(value => value == (accumulate ? 7.0 : 0.0));
    }

    private static void ProductEqualsNaiveLoop<T>(Path path, int m, int n, int k, bool aTransposed, bool bTransposed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var accumulate in new[] { false, true })
        {
            // Given strided A and B with offsets and padding, and C with an offset, ldc > m and values around it
            var random = new Random((m * 1_000_003) + (n * 1009) + k);
            var a = StridedOperand<T>.Create(random, m, k, aTransposed);
            var b = StridedOperand<T>.Create(random, k, n, bTransposed);
            const int cOffset = 5;
            var ldc = m + 2;
            var c = TestData.UniformArray<T>(random, cOffset + (ldc * n) + 3);
            var before = (T[])c.Clone();

            // When the product C = s·A·B (or C += s·A·B) runs, s = 0.375 (1 for the entry point without a scale)
            var scale = path == Path.Multiply ? T.One : T.CreateChecked(Scale);
            var cMatrix = new StridedMatrix<T>(c, cOffset, 1, ldc);
            switch (path)
            {
                case Path.Multiply:
                    Gemm.Multiply(m, n, k, a.Values, a.Offset, a.RowStride, a.ColumnStride,
                        b.Values, b.Offset, b.RowStride, b.ColumnStride, c, cOffset, ldc, accumulate, maxDegreeOfParallelism: 1);
                    break;
                case Path.MultiplyScaled:
                    Gemm.Multiply(m, n, k, scale, a.Values, a.Offset, a.RowStride, a.ColumnStride,
                        b.Values, b.Offset, b.RowStride, b.ColumnStride, c, cOffset, ldc, accumulate, maxDegreeOfParallelism: 1);
                    break;
                case Path.Direct:
                    DirectProduct.Multiply(m, n, k, scale, a.Matrix, b.Matrix, cMatrix, accumulate);
                    break;
                case Path.Packed:
                    PackedProduct.Multiply(m, n, k, scale, a.Matrix, b.Matrix, cMatrix, accumulate);
                    break;
                case Path.Packed256:
                    PackedProduct.Multiply<T, Vector256<T>, Vector256Operations<T>>(m, n, k, scale, a.Matrix, b.Matrix, cMatrix, accumulate);
                    break;
                case Path.Packed512:
                    PackedProduct.Multiply<T, Vector512<T>, Vector512Operations<T>>(m, n, k, scale, a.Matrix, b.Matrix, cMatrix, accumulate);
                    break;
                case Path.Unpacked256 when !accumulate && m >= 2 * Vector256<T>.Count:
                    UnpackedProduct.Multiply<T, Vector256<T>, Vector256Operations<T>>(m, n, k, scale, a.Matrix, b.Matrix, cMatrix,
                        maxTileColumns: PackedProduct.NR);
                    break;
                case Path.Unpacked512 when !accumulate && m >= 2 * Vector512<T>.Count:
                    UnpackedProduct.Multiply<T, Vector512<T>, Vector512Operations<T>>(m, n, k, scale, a.Matrix, b.Matrix, cMatrix,
                        maxTileColumns: UnpackedProduct.WideTileColumns);
                    break;
                case Path.Unpacked256 or Path.Unpacked512:
                    // The unpacked product only overwrites C; accumulation goes through the other paths.
                    continue;
                default:
                    throw new ArgumentOutOfRangeException(nameof(path));
            }

            // Then each element of C is the float64 dot product to within k rounding errors of its magnitude,
            // and nothing outside the m × n block of C changed
            var epsilon = MachineEpsilon<T>();
            var failures = 0;
            var firstFailure = string.Empty;
            for (var j = 0; j < n; j++)
            {
                for (var i = 0; i < m; i++)
                {
                    var index = cOffset + i + (j * ldc);
                    var start = accumulate ? double.CreateChecked(before[index]) : 0.0;
                    var sum = 0.0;
                    var magnitude = 0.0;
                    for (var p = 0; p < k; p++)
                    {
                        var product = double.CreateChecked(a[i, p]) * double.CreateChecked(b[p, j]);
                        sum += product;
                        magnitude += Math.Abs(product);
                    }

                    var factor = double.CreateChecked(scale);
                    sum = start + (factor * sum);
                    magnitude = Math.Abs(start) + (factor * magnitude);
                    var actual = double.CreateChecked(c[index]);
                    if (!(Math.Abs(actual - sum) <= (k + 3) * epsilon * magnitude))
                    {
                        failures++;
                        firstFailure = firstFailure.Length > 0 ? firstFailure : $"C({i},{j}) = {actual:R}, naive {sum:R}";
                    }
                }
            }

            failures.Should().Be(0, "every element must match the naive loop (accumulate: {0}); first: {1}", accumulate, firstFailure);
            var changedOutside = Enumerable.Range(0, c.Length)
                .Where(index => index < cOffset || (index - cOffset) % ldc >= m || (index - cOffset) / ldc >= n)
                .Where(index => Bitwise.FirstDifference<T>([before[index]], [c[index]]) >= 0)
                .ToList();
            changedOutside.Should().BeEmpty("nothing outside C's {0}×{1} block may be written", m, n);
        }
    }

    private static void ParallelProductIsBitIdentical<T>(int m, int n, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // A transposed (as in the backward pass) or column-major (the forward pass's W, read in place when its columns
        // are under a page apart), B column-major or transposed (the batch of δ·Aᵀ)
        foreach (var (aTransposed, bTransposed) in new[] { (true, false), (false, false), (false, true) })
        {
            ParallelProductIsBitIdentical<T>(m, n, k, aTransposed, bTransposed);
        }
    }

    private static void ParallelProductIsBitIdentical<T>(int m, int n, int k, bool aTransposed, bool bTransposed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Given A and B big enough for the parallel path
        var random = new Random(m + n + k);
        var a = StridedOperand<T>.Create(random, m, k, aTransposed);
        var b = StridedOperand<T>.Create(random, k, n, bTransposed);
        ((long)m * n * k).Should().BeGreaterThanOrEqualTo(Gemm.ParallelMinWork, "the product must be big enough to use threads");

        // When it runs on 1, 2 and 3 threads
        var results = new[] { 1, 2, 3 }.Select(threads =>
        {
            var c = new T[m * n];
            Gemm.Multiply(m, n, k, a.Values, a.Offset, a.RowStride, a.ColumnStride,
                b.Values, b.Offset, b.RowStride, b.ColumnStride, c, 0, m, accumulate: false, threads);
            return c;
        }).ToArray();

        // Then every result has the same bits, and (spot-checked) they are the product
        Bitwise.ShouldEqual(results[0], results[1], $"C on 2 threads against 1 thread (A transposed {aTransposed}, B transposed {bTransposed})");
        Bitwise.ShouldEqual(results[0], results[2], $"C on 3 threads against 1 thread (A transposed {aTransposed}, B transposed {bTransposed})");
        var epsilon = MachineEpsilon<T>();
        foreach (var (i, j) in new[] { (0, 0), (m - 1, n - 1), (m / 2, n / 3), (m - 1, 0), (0, n - 1) })
        {
            var sum = 0.0;
            var magnitude = 0.0;
            for (var p = 0; p < k; p++)
            {
                var product = double.CreateChecked(a[i, p]) * double.CreateChecked(b[p, j]);
                sum += product;
                magnitude += Math.Abs(product);
            }

            double.CreateChecked(results[0][i + (j * m)]).Should().BeApproximately(sum, (k + 2) * epsilon * magnitude);
        }
    }

    /// <summary>The gap between 1 and the next larger value of T (2⁻²³ for float, 2⁻⁵² for double).</summary>
    private static double MachineEpsilon<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
        => double.CreateChecked(T.BitIncrement(T.One) - T.One);

    /// <summary>
    /// A <c>rows × columns</c> operand stored column-major (or, when transposed, as its transpose stored
    /// column-major) with a leading dimension larger than needed, at an offset inside a bigger array.
    /// </summary>
    private sealed class StridedOperand<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public required T[] Values { get; init; }

        public required int Offset { get; init; }

        public required int RowStride { get; init; }

        public required int ColumnStride { get; init; }

        public StridedMatrix<T> Matrix => new(Values, Offset, RowStride, ColumnStride);

        public T this[int row, int column] => Values[Offset + (row * RowStride) + (column * ColumnStride)];

        public static StridedOperand<T> Create(Random random, int rows, int columns, bool transposed)
        {
            const int offset = 3;
            var leading = (transposed ? columns : rows) + 3;
            var length = offset + (leading * (transposed ? rows : columns)) + 2;
            return new StridedOperand<T>
            {
                Values = TestData.UniformArray<T>(random, length),
                Offset = offset,
                RowStride = transposed ? leading : 1,
                ColumnStride = transposed ? 1 : leading,
            };
        }
    }
}
