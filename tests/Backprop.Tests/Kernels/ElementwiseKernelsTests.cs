using System.Numerics;
using Backprop.Kernels;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Kernels;

/// <summary>
/// <see cref="ElementwiseKernels"/> on lengths around the vector widths (4 or 8 elements, two vectors per step, four
/// sums): each element equals its formula evaluated in float64, and has the same bits whether it falls in the vector
/// body or the scalar tail; the finiteness checks find a non-finite value at every position.
/// </summary>
public sealed class ElementwiseKernelsTests
{
    /// <summary>The scalar of the kernels that take one (negative, as the update's −η, so additions cancel).</summary>
    private const double Scalar = -0.375;

    private static readonly int[] Lengths = [0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 1001];

    /// <summary>The element-wise kernels, each as <c>result = kernel(x, y; s)</c>.</summary>
    public enum Kernel
    {
        /// <summary><c>g ← g ⊙ a ⊙ (1 − a)</c>, a = x, g = y.</summary>
        SigmoidDerivative,

        /// <summary><c>g ← g ⊙ (1 − a²)</c>, a = x, g = y.</summary>
        TanhDerivative,

        /// <summary><c>g ← z &gt; 0 ? g : s·g</c>, z = x, g = y.</summary>
        ScaleWherePositive,

        /// <summary><c>a ← z &gt; 0 ? z : s·z</c>, z = x.</summary>
        LeakyRectify,

        /// <summary><c>x ← s·x</c>.</summary>
        Scale,

        /// <summary><c>t ← t + s·g</c>, t = x, g = y.</summary>
        AddScaled,
    }

    public static TheoryData<Kernel> Kernels() => new(Enum.GetValues<Kernel>());

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Each_element_is_its_formula_in_float64_and_the_same_in_body_and_tail_in_double(Kernel kernel)
    {
        KernelIsElementwiseFormula<double>(kernel);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Each_element_is_its_formula_in_float64_and_the_same_in_body_and_tail_in_float(Kernel kernel)
    {
        KernelIsElementwiseFormula<float>(kernel);
    }

    [Fact]
    public void A_scaled_column_sum_is_the_finished_sum_times_the_scale_as_the_mean_over_a_batch_needs()
    {
        // Given 3 columns (samples) of 5 rows and the mean's scale 1/3
        var random = new Random(4);
        var matrix = TestData.UniformArray<double>(random, 15);
        var plain = new double[5];
        var mean = new double[5];

        // When the columns are summed plainly and with the scale
        ElementwiseKernels.SumColumns<double>(matrix, 5, 1.0, plain);
        ElementwiseKernels.SumColumns<double>(matrix, 5, 1.0 / 3, mean);

        // Then each scaled sum is (m0 + m1 + m2) · (1/3), one rounding after the sum, bit for bit
        for (var i = 0; i < 5; i++)
        {
            mean[i].Should().Be((matrix[i] + matrix[i + 5] + matrix[i + 10]) * (1.0 / 3));
            plain[i].Should().Be(matrix[i] + matrix[i + 5] + matrix[i + 10]);
        }
    }

    [Fact]
    public void Column_sums_and_bias_columns_add_in_column_order()
    {
        foreach (var rows in new[] { 1, 3, 8, 17, 100 })
        {
            foreach (var columns in new[] { 1, 2, 5 })
            {
                // Given a rows × columns column-major matrix and a bias of length rows
                var random = new Random((rows * 10) + columns);
                var matrix = TestData.UniformArray<float>(random, rows * columns);
                var bias = TestData.UniformArray<float>(random, rows);

                // When the columns are summed, and the bias is added to each column
                var sums = new float[rows];
                ElementwiseKernels.SumColumns<float>(matrix, rows, 1f, sums);
                var withBias = (float[])matrix.Clone();
                ElementwiseKernels.AddToEachColumn<float>(withBias, rows, bias);

                // Then each is the plain loop, bit for bit: sums[i] = ((m(i,0) + m(i,1)) + m(i,2)) + …, and m(i,j) + b(i)
                var expectedSums = new float[rows];
                var expectedWithBias = new float[rows * columns];
                for (var i = 0; i < rows; i++)
                {
                    expectedSums[i] = matrix[i];
                    for (var j = 1; j < columns; j++)
                    {
                        expectedSums[i] += matrix[i + (j * rows)];
                    }

                    for (var j = 0; j < columns; j++)
                    {
                        expectedWithBias[i + (j * rows)] = matrix[i + (j * rows)] + bias[i];
                    }
                }

                Bitwise.ShouldEqual(expectedSums, sums, $"the column sums of {rows}×{columns}");
                Bitwise.ShouldEqual(expectedWithBias, withBias, $"the bias added to {rows}×{columns}");
            }
        }
    }

    [Fact]
    public void The_sum_of_squared_differences_is_the_float64_sum_within_its_rounding()
    {
        foreach (var length in Lengths)
        {
            // Given x and y of the same length
            var random = new Random(length);
            var x = TestData.UniformArray<float>(random, length);
            var y = TestData.UniformArray<float>(random, length);

            // When Σ (x − y)² is computed
            var actual = ElementwiseKernels.SumOfSquaredDifferences<float>(x, y);

            // Then it is the float64 sum to within (length + 2) roundings of float32
            var expected = 0.0;
            for (var i = 0; i < length; i++)
            {
                var difference = (double)x[i] - y[i];
                expected += difference * difference;
            }

            ((double)actual).Should().BeApproximately(expected, (length + 2) * Epsilon<float>() * expected, "length {0}", length);
        }
    }

    [Fact]
    public void AllFinite_finds_a_NaN_or_an_infinity_at_every_position()
    {
        foreach (var length in Lengths.Where(length => length > 0))
        {
            // Given finite values, the largest among them
            var values = TestData.UniformArray<double>(new Random(length), length);
            values[length / 2] = double.MaxValue;
            ElementwiseKernels.AllFinite<double>(values).Should().BeTrue("finite values of length {0} are finite", length);

            // When one of them, at each position in turn, is NaN, +∞ or −∞
            foreach (var poison in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
            {
                for (var position = 0; position < length; position++)
                {
                    var poisoned = (double[])values.Clone();
                    poisoned[position] = poison;

                    // Then the check says so
                    ElementwiseKernels.AllFinite<double>(poisoned).Should().BeFalse("{0} at {1} of {2}", poison, position, length);
                }
            }
        }
    }

    [Fact]
    public void AddScaledIsFinite_says_whether_the_update_AddScaled_stores_is_finite()
    {
        foreach (var length in Lengths.Where(length => length > 0))
        {
            for (var position = 0; position < length; position++)
            {
                // Given parameters and gradients whose update overflows at one position only (MaxValue + 1·MaxValue)
                var random = new Random(length + position);
                var target = TestData.UniformArray<float>(random, length);
                var gradient = TestData.UniformArray<float>(random, length);
                target[position] = float.MaxValue;
                gradient[position] = float.MaxValue;

                // When the update t + s·g is checked, and then stored
                var checkedFinite = ElementwiseKernels.AddScaledIsFinite<float>(target, gradient, 1f, out _);
                ElementwiseKernels.AddScaled<float>(target, gradient, 1f);

                // Then the check found the overflow the update stored, and only there
                checkedFinite.Should().BeFalse("t + s·g overflows at {0} of {1}", position, length);
                float.IsPositiveInfinity(target[position]).Should().BeTrue();
                target.Count(float.IsFinite).Should().Be(length - 1);
            }
        }
    }

    [Fact]
    public void The_check_of_an_update_sums_the_squares_of_the_gradient_with_the_bits_of_SumOfSquares()
    {
        foreach (var length in Lengths)
        {
            // Given parameters and a gradient whose update is finite
            var random = new Random(length);
            var target = TestData.UniformArray<float>(random, length);
            var gradient = TestData.UniformArray<float>(random, length);

            // When the update is checked, and the squares of the gradient summed on their own
            var finite = ElementwiseKernels.AddScaledIsFinite<float>(target, gradient, -0.5f, out var checkedSum);
            var sum = ElementwiseKernels.SumOfSquares<float>(gradient);

            // Then the check passes with the same sum, bit for bit, which is Σ g² in float64 to within (length + 2) roundings
            finite.Should().BeTrue();
            Bitwise.ShouldEqual([sum], [checkedSum], $"Σ g² of {length} elements");
            var expected = gradient.Sum(g => (double)g * g);
            ((double)sum).Should().BeApproximately(expected, (length + 2) * Epsilon<float>() * expected, "length {0}", length);
        }
    }

    [Fact]
    public void A_gradient_whose_square_overflows_passes_the_check_when_its_update_is_finite()
    {
        foreach (var length in Lengths.Where(length => length > 0))
        {
            // Given a gradient of 1e20 at one position, scaled by 1e-20 onto a parameter of 0 (an update of −1 there)
            var random = new Random(length);
            var target = TestData.UniformArray<float>(random, length);
            var gradient = TestData.UniformArray<float>(random, length);
            target[length / 2] = 0f;
            gradient[length / 2] = 1e20f;

            // When the update is checked
            var finite = ElementwiseKernels.AddScaledIsFinite<float>(target, gradient, -1e-20f, out var sumOfSquares);

            // Then it is finite, and only the sum of squares (1e40 in float32) overflowed
            finite.Should().BeTrue("the update of length {0} is finite", length);
            float.IsPositiveInfinity(sumOfSquares).Should().BeTrue();
        }
    }

    [Fact]
    public void The_check_agrees_with_the_update_it_guards_on_zeros_subnormals_extremes_infinities_and_NaN()
    {
        float[] specials = [0f, -0f, float.Epsilon, -float.Epsilon, 1e-30f, float.MaxValue, -float.MaxValue, 1e20f, -1e20f,
            float.PositiveInfinity, float.NegativeInfinity, float.NaN, 3e38f, 1f];
        float[] scales = [0f, -0f, -1e-20f, -0.5f, 1f, -1f, 1e-30f, 2f];
        var random = new Random(5);
        var disagreements = new List<string>();
        foreach (var length in Lengths.Where(length => length > 0))
        {
            foreach (var scale in scales)
            {
                for (var trial = 0; trial < 50; trial++)
                {
                    // Given parameters and a gradient with one or two special values, in either, anywhere
                    var target = TestData.UniformArray<float>(random, length);
                    var gradient = TestData.UniformArray<float>(random, length);
                    for (var hit = random.Next(1, 3); hit > 0; hit--)
                    {
                        (random.Next(2) == 0 ? gradient : target)[random.Next(length)] = specials[random.Next(specials.Length)];
                    }

                    // When the update t + s·g is checked, and then stored
                    var finite = ElementwiseKernels.AddScaledIsFinite<float>(target, gradient, scale, out var sumOfSquares);
                    var updated = (float[])target.Clone();
                    ElementwiseKernels.AddScaled<float>(updated, gradient, scale);

                    // Then the check says finite exactly when every stored value is, and then its sum is SumOfSquares's
                    if (finite != updated.All(float.IsFinite))
                    {
                        disagreements.Add($"length {length}, scale {scale}: the check says {finite}");
                    }
                    else if (finite && Bitwise.FirstDifference<float>([ElementwiseKernels.SumOfSquares<float>(gradient)], [sumOfSquares]) >= 0)
                    {
                        disagreements.Add($"length {length}, scale {scale}: Σ g² {sumOfSquares:R} against {ElementwiseKernels.SumOfSquares<float>(gradient):R}");
                    }
                }
            }
        }

        disagreements.Should().BeEmpty();
    }

    [Fact]
    public void A_NaN_or_infinite_gradient_fails_the_check_even_at_a_learning_rate_of_zero()
    {
        foreach (var poison in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            // Given a gradient with a NaN or ±∞ in a vector lane or in the tail, and a step of zero (0·∞ and 0·NaN are NaN)
            foreach (var position in new[] { 3, 36 })
            {
                var target = new double[37];
                var gradient = new double[37];
                gradient[position] = poison;

                // When the update is checked, Then it is not finite
                ElementwiseKernels.AddScaledIsFinite<double>(target, gradient, 0.0, out _).Should().BeFalse("the gradient holds {0} at {1}", poison, position);
            }
        }
    }

    [Fact]
    public void Operands_shorter_than_the_destination_are_refused()
    {
        // Given weighted inputs of 7 elements and a gradient of 8
        var weightedInputs = new double[7];
        var gradient = new double[8];

        // When the ReLU derivative is applied
        var act = () => ElementwiseKernels.ScaleWherePositive<double>(weightedInputs, gradient, 0.0);

        // Then it refuses to read past the inputs
        act.Should().Throw<ArgumentException>().WithMessage("*shorter*");
    }

    [Fact]
    public void Adam_updates_each_element_as_its_formula_in_body_and_tail_alike()
    {
        AdamIsElementwiseFormula<double>();
        AdamIsElementwiseFormula<float>();
    }

    [Fact]
    public void Adam_refuses_moments_of_another_length()
    {
        // Given 9 parameters and gradients, but a second moment of 8
        var step = new ElementwiseKernels.AdamStep<double>(0.9, 0.999, 0.1, 0.001, 1e-3, 1e-8);

        // When Adam's update runs
        var act = () => ElementwiseKernels.AdamUpdate<double>(new double[9], new double[9], new double[9], new double[8], step);

        // Then it names the lengths
        act.Should().Throw<ArgumentException>().WithMessage("*9 values*8 (v)*");
    }

    private static void AdamIsElementwiseFormula<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // The third step of Adam's defaults: c₁ = 1 − 0.9³, c₂ = 1 − 0.999³.
        var step = new ElementwiseKernels.AdamStep<T>(
            T.CreateChecked(0.9), T.CreateChecked(0.999), T.CreateChecked(1 - Math.Pow(0.9, 3)), T.CreateChecked(1 - Math.Pow(0.999, 3)), T.CreateChecked(0.01), T.CreateChecked(1e-8));
        foreach (var length in Lengths)
        {
            // Given weights, gradients, first moments in [−1, 1) and second moments in [0, 1)
            var random = new Random(length + 100);
            var w = TestData.UniformArray<T>(random, length);
            var g = TestData.UniformArray<T>(random, length);
            var m = TestData.UniformArray<T>(random, length);
            var v = TestData.UniformArray<T>(random, length).Select(T.Abs).ToArray();

            // When the update runs over all of them, and over each element alone (the scalar tail)
            var (w1, m1, v1) = ((T[])w.Clone(), (T[])m.Clone(), (T[])v.Clone());
            ElementwiseKernels.AdamUpdate<T>(w1, g, m1, v1, step);
            var alone = Enumerable.Range(0, length).Select(i =>
            {
                T[] wi = [w[i]], mi = [m[i]], vi = [v[i]];
                ElementwiseKernels.AdamUpdate<T>(wi, [g[i]], mi, vi, step);
                return (W: wi[0], M: mi[0], V: vi[0]);
            }).ToArray();

            // Then every element has the same bits either way, and is Kingma & Ba's formula in float64 to within a few roundings
            Bitwise.ShouldEqual(alone.Select(e => e.W).ToArray(), w1, $"Adam's weights over {length} elements");
            Bitwise.ShouldEqual(alone.Select(e => e.M).ToArray(), m1, $"Adam's first moments over {length} elements");
            Bitwise.ShouldEqual(alone.Select(e => e.V).ToArray(), v1, $"Adam's second moments over {length} elements");
            for (var i = 0; i < length; i++)
            {
                // The constants as the element type holds them (1 − β is exact in either type).
                double gi = double.CreateChecked(g[i]), c1 = double.CreateChecked(step.FirstCorrection), c2 = double.CreateChecked(step.SecondCorrection);
                double beta1 = double.CreateChecked(step.Beta1), beta2 = double.CreateChecked(step.Beta2);
                var mExpected = (beta1 * double.CreateChecked(m[i])) + ((1 - beta1) * gi);
                var vExpected = (beta2 * double.CreateChecked(v[i])) + ((1 - beta2) * gi * gi);
                var update = double.CreateChecked(step.LearningRate) * (mExpected / c1) / (Math.Sqrt(vExpected / c2) + double.CreateChecked(step.Epsilon));
                double.CreateChecked(m1[i]).Should().BeApproximately(mExpected, 8 * Epsilon<T>(), "m at {0} of {1}", i, length);
                double.CreateChecked(v1[i]).Should().BeApproximately(vExpected, 8 * Epsilon<T>(), "v at {0} of {1}", i, length);
                double.CreateChecked(w1[i]).Should().BeApproximately(double.CreateChecked(w[i]) - update, 8 * Epsilon<T>() * (1 + Math.Abs(update)), "W at {0} of {1}", i, length);
            }
        }
    }

    private static void KernelIsElementwiseFormula<T>(Kernel kernel)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var length in Lengths)
        {
            // Given x and y of one length, values in [−1, 1)
            var random = new Random(length + (int)kernel);
            var x = TestData.UniformArray<T>(random, length);
            var y = TestData.UniformArray<T>(random, length);

            // When the kernel runs over all of them, and over each element alone (the scalar tail)
            var result = Apply(kernel, x, y);
            var alone = Enumerable.Range(0, length).Select(i => Apply(kernel, [x[i]], [y[i]])[0]).ToArray();

            // Then each element has the same bits either way, and is its formula in float64 to within a few roundings
            Bitwise.ShouldEqual(alone, result, $"{kernel} over {length} elements against each element alone");
            for (var i = 0; i < length; i++)
            {
                var (expected, magnitude) = Formula(kernel, double.CreateChecked(x[i]), double.CreateChecked(y[i]));
                double.CreateChecked(result[i]).Should().BeApproximately(expected, 4 * Epsilon<T>() * magnitude, "{0} at {1} of {2}", kernel, i, length);
            }
        }
    }

    private static T[] Apply<T>(Kernel kernel, T[] x, T[] y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var s = T.CreateChecked(Scalar);
        var result = (T[])(kernel is Kernel.Scale or Kernel.AddScaled or Kernel.LeakyRectify ? x : y).Clone();
        switch (kernel)
        {
            case Kernel.SigmoidDerivative:
                ElementwiseKernels.MultiplyBySigmoidDerivative<T>(x, result);
                break;
            case Kernel.TanhDerivative:
                ElementwiseKernels.MultiplyByTanhDerivative<T>(x, result);
                break;
            case Kernel.ScaleWherePositive:
                ElementwiseKernels.ScaleWherePositive<T>(x, result, s);
                break;
            case Kernel.LeakyRectify:
                ElementwiseKernels.LeakyRectify<T>(x, result, s);
                break;
            case Kernel.Scale:
                ElementwiseKernels.Scale<T>(result, s);
                break;
            case Kernel.AddScaled:
                ElementwiseKernels.AddScaled<T>(result, y, s);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kernel));
        }

        return result;
    }

    /// <summary>The kernel's value in float64, and the magnitude its rounding errors scale with.</summary>
    private static (double Value, double Magnitude) Formula(Kernel kernel, double x, double y) => kernel switch
    {
        Kernel.SigmoidDerivative => (y * x * (1 - x), Math.Abs(y * x * (1 - x))),
        Kernel.TanhDerivative => (y * (1 - (x * x)), Math.Abs(y) * (1 + (x * x))),
        Kernel.ScaleWherePositive => (x > 0 ? y : Scalar * y, Math.Abs(y)),
        Kernel.LeakyRectify => (x > 0 ? x : Scalar * x, Math.Abs(x)),
        Kernel.Scale => (Scalar * x, Math.Abs(Scalar * x)),
        Kernel.AddScaled => (x + (Scalar * y), Math.Abs(x) + Math.Abs(Scalar * y)),
        _ => throw new ArgumentOutOfRangeException(nameof(kernel)),
    };

    /// <summary>The gap between 1 and the next larger value of T.</summary>
    private static double Epsilon<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
        => double.CreateChecked(T.BitIncrement(T.One) - T.One);
}
