using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop.Kernels;

/// <summary>
/// Element-wise work of the forward and backward passes that <see cref="TensorPrimitives"/> has no
/// single call for, as <see cref="Vector{T}"/> loops with a scalar tail.
/// </summary>
internal static class ElementwiseKernels
{
    /// <summary><c>g ← g ⊙ a ⊙ (1 − a)</c>: the sigmoid's derivative from its output.</summary>
    public static void MultiplyBySigmoidDerivative<T>(ReadOnlySpan<T> activations, Span<T> gradient)
        where T : struct, IFloatingPointIeee754<T>
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && gradient.Length >= Vector<T>.Count)
        {
            var one = Vector<T>.One;
            for (; i <= gradient.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var a = new Vector<T>(activations[i..]);
                (new Vector<T>(gradient[i..]) * a * (one - a)).CopyTo(gradient[i..]);
            }
        }

        for (; i < gradient.Length; i++)
        {
            var a = activations[i];
            gradient[i] *= a * (T.One - a);
        }
    }

    /// <summary><c>g ← g ⊙ (1 − a²)</c>: the hyperbolic tangent's derivative from its output.</summary>
    public static void MultiplyByTanhDerivative<T>(ReadOnlySpan<T> activations, Span<T> gradient)
        where T : struct, IFloatingPointIeee754<T>
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && gradient.Length >= Vector<T>.Count)
        {
            var one = Vector<T>.One;
            for (; i <= gradient.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var a = new Vector<T>(activations[i..]);
                (new Vector<T>(gradient[i..]) * (one - (a * a))).CopyTo(gradient[i..]);
            }
        }

        for (; i < gradient.Length; i++)
        {
            var a = activations[i];
            gradient[i] *= T.One - (a * a);
        }
    }

    /// <summary><c>g[i] ← z[i] &gt; 0 ? g[i] : negativeScale·g[i]</c>: the (leaky) ReLU derivative.</summary>
    public static void ScaleWherePositive<T>(ReadOnlySpan<T> weightedInputs, Span<T> gradient, T negativeScale)
        where T : struct, IFloatingPointIeee754<T>
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && gradient.Length >= Vector<T>.Count)
        {
            var scale = new Vector<T>(negativeScale);
            for (; i <= gradient.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var g = new Vector<T>(gradient[i..]);
                var positive = Vector.GreaterThan(new Vector<T>(weightedInputs[i..]), Vector<T>.Zero);
                Vector.ConditionalSelect(positive, g, g * scale).CopyTo(gradient[i..]);
            }
        }

        for (; i < gradient.Length; i++)
        {
            if (!(weightedInputs[i] > T.Zero))
            {
                gradient[i] *= negativeScale;
            }
        }
    }

    /// <summary><c>a[i] ← z[i] &gt; 0 ? z[i] : slope·z[i]</c>.</summary>
    public static void LeakyRectify<T>(ReadOnlySpan<T> weightedInputs, Span<T> activations, T slope)
        where T : struct, IFloatingPointIeee754<T>
    {
        weightedInputs.CopyTo(activations);
        ScaleWherePositive(weightedInputs, activations, slope);
    }

    /// <summary>True when every value is finite (no NaN, no ±∞).</summary>
    public static bool AllFinite<T>(ReadOnlySpan<T> values)
        where T : struct, IFloatingPointIeee754<T>
    {
        // x − x is 0 for every finite x and NaN for NaN and ±∞, and a sum of zeros cannot overflow.
        var i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<T>.Count)
        {
            var sum = Vector<T>.Zero;
            for (; i <= values.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var v = new Vector<T>(values[i..]);
                sum += v - v;
            }

            if (sum != Vector<T>.Zero)
            {
                return false;
            }
        }

        for (; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Adds the bias vector to every column of a <c>rows×columns</c> column-major matrix.</summary>
    public static void AddToEachColumn<T>(Span<T> matrix, int rows, ReadOnlySpan<T> bias)
        where T : struct, IFloatingPointIeee754<T>
    {
        for (var offset = 0; offset < matrix.Length; offset += rows)
        {
            var column = matrix.Slice(offset, rows);
            if (rows <= 4)
            {
                for (var i = 0; i < rows; i++)
                {
                    column[i] += bias[i];
                }
            }
            else
            {
                TensorPrimitives.Add(column, bias, column);
            }
        }
    }

    /// <summary>
    /// Writes <c>scale ·</c> the sum of the columns of a <c>rows×columns</c> column-major matrix (the row sums), the
    /// scale applied once to each finished sum as the products apply theirs.
    /// </summary>
    public static void SumColumns<T>(ReadOnlySpan<T> matrix, int rows, T scale, Span<T> sums)
        where T : struct, IFloatingPointIeee754<T>
    {
        matrix[..rows].CopyTo(sums);
        for (var offset = rows; offset < matrix.Length; offset += rows)
        {
            TensorPrimitives.Add(sums, matrix.Slice(offset, rows), sums);
        }

        if (scale != T.One)
        {
            Scale(sums[..rows], scale);
        }
    }

    /// <summary><c>Σ (x[i] − y[i])²</c>.</summary>
    public static T SumOfSquaredDifferences<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
        where T : struct, IFloatingPointIeee754<T>
    {
        var sum = T.Zero;
        var i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            var vectorSum = Vector<T>.Zero;
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var difference = new Vector<T>(x[i..]) - new Vector<T>(y[i..]);
                vectorSum += difference * difference;
            }

            sum = Vector.Sum(vectorSum);
        }

        for (; i < x.Length; i++)
        {
            var difference = x[i] - y[i];
            sum += difference * difference;
        }

        return sum;
    }

    /// <summary><c>x ← scale·x</c>.</summary>
    /// <remarks>
    /// Written out rather than <see cref="TensorPrimitives.Multiply{T}(ReadOnlySpan{T}, T, Span{T})"/>, which switches to
    /// non-temporal stores above 256 KiB: those push a layer's weights out of the cache just before the next
    /// forward pass reads them again.
    /// </remarks>
    public static void Scale<T>(Span<T> values, T scale)
        where T : struct, IFloatingPointIeee754<T>
    {
        ref var x = ref MemoryMarshal.GetReference(values);
        var length = (nuint)values.Length;
        nuint i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var width = (nuint)Vector256<T>.Count;
            var factor = Vector256.Create(scale);
            for (; i + width <= length; i += width)
            {
                (Vector256.LoadUnsafe(ref x, i) * factor).StoreUnsafe(ref x, i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref x, i) *= scale;
        }
    }

    /// <summary><c>target ← target + scale·values</c> (the gradient-descent update with <c>scale = −η</c>).</summary>
    /// <remarks>
    /// The same operations, unfused, as <see cref="AddScaledIsFinite{T}"/>, so what it checked is what is stored; and
    /// ordinary stores (see <see cref="Scale{T}"/>), so the weights stay in cache for the next step.
    /// </remarks>
    public static void AddScaled<T>(Span<T> target, ReadOnlySpan<T> values, T scale)
        where T : struct, IFloatingPointIeee754<T>
    {
        ref var t = ref MemoryMarshal.GetReference(target);
        ref var v = ref MemoryMarshal.GetReference(values);
        var length = (nuint)target.Length;
        nuint i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var width = (nuint)Vector256<T>.Count;
            var factor = Vector256.Create(scale);
            for (; i + (2 * width) <= length; i += 2 * width)
            {
                (Vector256.LoadUnsafe(ref t, i) + (factor * Vector256.LoadUnsafe(ref v, i))).StoreUnsafe(ref t, i);
                (Vector256.LoadUnsafe(ref t, i + width) + (factor * Vector256.LoadUnsafe(ref v, i + width))).StoreUnsafe(ref t, i + width);
            }

            for (; i + width <= length; i += width)
            {
                (Vector256.LoadUnsafe(ref t, i) + (factor * Vector256.LoadUnsafe(ref v, i))).StoreUnsafe(ref t, i);
            }
        }

        for (; i < length; i++)
        {
            ref var element = ref Unsafe.Add(ref t, i);
            element += scale * Unsafe.Add(ref v, i);
        }
    }

    /// <summary>True when <c>target + scale·values</c> would be finite everywhere (computed, not stored).</summary>
    public static bool AddScaledIsFinite<T>(ReadOnlySpan<T> target, ReadOnlySpan<T> values, T scale)
        where T : struct, IFloatingPointIeee754<T>
    {
        // u − u is 0 for every finite u and NaN for NaN and ±∞; sums of zeros stay 0. Four independent sums, so the
        // loop runs at the speed of its loads rather than of one chain of additions.
        ref var t = ref MemoryMarshal.GetReference(target);
        ref var v = ref MemoryMarshal.GetReference(values);
        var length = (nuint)target.Length;
        nuint i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var width = (nuint)Vector256<T>.Count;
            var factor = Vector256.Create(scale);
            var sum0 = Vector256<T>.Zero;
            var sum1 = Vector256<T>.Zero;
            var sum2 = Vector256<T>.Zero;
            var sum3 = Vector256<T>.Zero;
            for (; i + (4 * width) <= length; i += 4 * width)
            {
                var u0 = Vector256.LoadUnsafe(ref t, i) + (factor * Vector256.LoadUnsafe(ref v, i));
                var u1 = Vector256.LoadUnsafe(ref t, i + width) + (factor * Vector256.LoadUnsafe(ref v, i + width));
                var u2 = Vector256.LoadUnsafe(ref t, i + (2 * width)) + (factor * Vector256.LoadUnsafe(ref v, i + (2 * width)));
                var u3 = Vector256.LoadUnsafe(ref t, i + (3 * width)) + (factor * Vector256.LoadUnsafe(ref v, i + (3 * width)));
                sum0 += u0 - u0;
                sum1 += u1 - u1;
                sum2 += u2 - u2;
                sum3 += u3 - u3;
            }

            for (; i + width <= length; i += width)
            {
                var u = Vector256.LoadUnsafe(ref t, i) + (factor * Vector256.LoadUnsafe(ref v, i));
                sum0 += u - u;
            }

            if ((sum0 + sum1 + sum2 + sum3) != Vector256<T>.Zero)
            {
                return false;
            }
        }

        for (; i < length; i++)
        {
            if (!T.IsFinite(Unsafe.Add(ref t, i) + (scale * Unsafe.Add(ref v, i))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <c>softplus(z) = ln(1 + e^z)</c> without overflow and with full relative precision for <c>z ≪ 0</c>:
    /// <c>max(z, 0) + log1p(e^(−|z|))</c>, where log1p is computed as <c>ln(u)·x/(u − 1)</c> with <c>u = 1 + x</c>
    /// (Goldberg's correction; .NET's <c>LogP1</c> rounds <c>1 + x</c> first and loses tiny <c>x</c>).
    /// </summary>
    public static T Softplus<T>(T z)
        where T : struct, IFloatingPointIeee754<T>
    {
        var x = T.Exp(-T.Abs(z));
        var u = T.One + x;
        var log1p = u == T.One ? x : T.Log(u) * x / (u - T.One);
        return T.Max(z, T.Zero) + log1p;
    }
}
