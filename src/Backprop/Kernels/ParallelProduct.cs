namespace Backprop.Kernels;

/// <summary>
/// The packed product split into disjoint output chunks (whole micro-panels of rows or of columns) that run on several
/// threads (<see cref="ParallelWorkers"/>).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class ParallelProduct<T> : IChunkedWork
    where T : struct, System.Numerics.IFloatingPointIeee754<T>
{
    private static readonly StridedMatrix<T> None = new([], 0, 1, 1);

    [ThreadStatic]
    private static ParallelProduct<T>? _current;

    private int _m;
    private int _n;
    private int _k;
    private StridedMatrix<T> _a = None;
    private StridedMatrix<T> _b = None;
    private StridedMatrix<T> _c = None;
    private T _scale;
    private bool _accumulate;
    private bool _splitColumns;
    private int _panels;

    /// <summary>
    /// <c>C = scale·A·B</c> (or <c>C += scale·A·B</c>) by the packed product on up to <paramref name="threads"/> threads,
    /// the calling thread among them; on the calling thread alone when the output has only one micro-panel.
    /// </summary>
    public static void Run(int m, int n, int k, T scale, StridedMatrix<T> a, StridedMatrix<T> b, StridedMatrix<T> c, bool accumulate, int threads)
    {
        var splitColumns = SplitsColumns(m, n, threads);
        var panels = splitColumns ? (n + PackedProduct.NR - 1) / PackedProduct.NR : (m + MicroKernel<T>.MR - 1) / MicroKernel<T>.MR;
        var chunks = Math.Min(Math.Min(threads, panels), ParallelWorkers.MaxChunks);
        if (chunks <= 1)
        {
            PackedProduct.Multiply(m, n, k, scale, a, b, c, accumulate);
            return;
        }

        var job = _current ??= new ParallelProduct<T>();
        job._m = m;
        job._n = n;
        job._k = k;
        job._a = a;
        job._b = b;
        job._c = c;
        job._scale = scale;
        job._accumulate = accumulate;
        job._splitColumns = splitColumns;
        job._panels = panels;
        try
        {
            ParallelWorkers.Run(job, chunks);
        }
        finally
        {
            job._a = job._b = job._c = None;
        }
    }

    /// <summary>
    /// Whether an <paramref name="m"/>×<paramref name="n"/> output is split by columns rather than rows: whole
    /// micro-panels either way, whichever leaves the busiest thread the smaller share (W·A of a batch of 128 through 256
    /// neurons: 4 + 4 row panels rather than 6 + 5 column panels, and each half of W then packs only its own rows); when
    /// both are as even, columns when C is wide and rows when it is tall (a mini-batch of 10 is narrow). Never the
    /// reduction, so each element is the same sum on any number of threads.
    /// </summary>
    internal static bool SplitsColumns(int m, int n, int threads)
    {
        var mr = MicroKernel<T>.MR;
        var columnShare = BusiestShare((n + PackedProduct.NR - 1) / PackedProduct.NR, threads);
        var rowShare = BusiestShare((m + mr - 1) / mr, threads);
        return columnShare < rowShare || (columnShare == rowShare && n / PackedProduct.NR >= m / mr);
    }

    /// <summary>The fraction of the panels that the busiest of up to <paramref name="threads"/> threads computes.</summary>
    private static double BusiestShare(int panels, int threads)
    {
        if (panels <= 1 || threads <= 1)
        {
            return 1;
        }

        var chunks = Math.Min(threads, panels);
        return (double)((panels + chunks - 1) / chunks) / panels;
    }

    /// <inheritdoc />
    public void RunChunk(int chunk, int chunks)
    {
        var first = ParallelWorkers.FirstPart(_panels, chunk, chunks);
        var last = ParallelWorkers.FirstPart(_panels, chunk + 1, chunks);
        if (_splitColumns)
        {
            var j0 = first * PackedProduct.NR;
            var j1 = Math.Min(_n, last * PackedProduct.NR);
            PackedProduct.Multiply(_m, j1 - j0, _k, _scale, _a, _b.From(0, j0), _c.From(0, j0), _accumulate);
        }
        else
        {
            var mr = MicroKernel<T>.MR;
            var i0 = first * mr;
            var i1 = Math.Min(_m, last * mr);
            PackedProduct.Multiply(i1 - i0, _n, _k, _scale, _a.From(i0, 0), _b, _c.From(i0, 0), _accumulate);
        }
    }
}
