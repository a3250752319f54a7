
namespace Backprop.Tests.Activations;

/// <summary>
/// <see cref="Activation{T}.Softmax"/>: per column <c>aᵢ = e^(zᵢ) / Σⱼ e^(zⱼ)</c>, finite for any finite input, with
/// the backward step the product with its Jacobian <c>∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ)</c>.
/// </summary>
public sealed class SoftmaxActivationTests
{
    [Fact]
    public void Each_column_is_e_to_the_z_over_the_columns_sum_and_sums_to_one()
    {
        // Given three samples of four weighted inputs
        double[] z = [0.5, -1.0, 2.0, 0.0, 3.0, 3.0, 3.0, 3.0, -2.5, 0.1, 1.7, -0.4];
        var a = new double[12];

        // When the softmax is taken
        Activation<double>.Softmax.Activate(z, a, neurons: 4);

        // Then each column is e^z/Σe^z of its own four values (1/4 each for equal inputs), summing to 1
        for (var column = 0; column < 3; column++)
        {
            var values = z.Skip(4 * column).Take(4).ToArray();
            var sum = values.Sum(Math.Exp);
            for (var i = 0; i < 4; i++)
            {
                a[(4 * column) + i].Should().BeApproximately(Math.Exp(values[i]) / sum, 1e-15);
            }

            a.Skip(4 * column).Take(4).Sum().Should().BeApproximately(1, 1e-15);
        }

        a.Skip(4).Take(4).Should().OnlyContain(value => value == 0.25);
    }

    [Fact]
    public void Adding_a_constant_to_a_column_changes_nothing_even_where_e_to_the_z_overflows()
    {
        double[] z = [0.5, -1.0, 2.0];
        double[] shifted = [1000.5, 999.0, 1002.0];
        var a = new double[3];
        var b = new double[3];

        Activation<double>.Softmax.Activate(z, a, neurons: 3);
        Activation<double>.Softmax.Activate(shifted, b, neurons: 3);

        Math.Exp(1002.0).Should().Be(double.PositiveInfinity);
        b.Zip(a, (x, y) => Math.Abs(x - y)).Should().OnlyContain(d => d <= 1e-15);
    }

    [Fact]
    public void Weighted_inputs_of_plus_and_minus_ten_thousand_give_a_one_hot_output()
    {
        double[] z = [1e4, -1e4, 0];
        var a = new double[3];

        Activation<double>.Softmax.Activate(z, a, neurons: 3);

        a.Should().Equal(1.0, 0.0, 0.0);
    }

    [Fact]
    public void The_backward_step_is_the_product_with_the_written_out_jacobian()
    {
        // Given two samples of three weighted inputs, their softmax and a gradient dC/da
        double[] z = [0.2, -0.7, 1.1, 2.0, 0.0, -1.0];
        double[] g = [0.3, -1.2, 0.5, -0.4, 0.9, 0.1];
        var a = new double[6];
        Activation<double>.Softmax.Activate(z, a, neurons: 3);
        var delta = (double[])g.Clone();

        // When the backward step turns dC/da into dC/dz
        Activation<double>.Softmax.MultiplyByDerivative(z, a, delta, neurons: 3);

        // Then dC/dzⱼ = Σᵢ (dC/daᵢ)·aᵢ(δᵢⱼ − aⱼ), column by column
        for (var column = 0; column < 2; column++)
        {
            var o = 3 * column;
            for (var j = 0; j < 3; j++)
            {
                var expected = 0.0;
                for (var i = 0; i < 3; i++)
                {
                    expected += g[o + i] * a[o + i] * ((i == j ? 1 : 0) - a[o + j]);
                }

                delta[o + j].Should().BeApproximately(expected, 1e-16);
            }
        }
    }

    [Fact]
    public void The_backward_step_is_the_slope_of_the_gradient_weighted_outputs()
    {
        // Given one sample of four weighted inputs and a gradient g: dC/dz of C = Σ gᵢ aᵢ(z) is the backward step of g
        double[] z = [0.4, -0.3, 1.2, -1.5];
        double[] g = [1.0, -0.5, 0.25, 2.0];
        var a = new double[4];
        Activation<double>.Softmax.Activate(z, a, neurons: 4);
        var delta = (double[])g.Clone();
        Activation<double>.Softmax.MultiplyByDerivative(z, a, delta, neurons: 4);

        // Then each entry is the central difference of Σ gᵢ aᵢ with h = 1e-6
        const double h = 1e-6;
        for (var j = 0; j < 4; j++)
        {
            var plus = (double[])z.Clone();
            var minus = (double[])z.Clone();
            plus[j] += h;
            minus[j] -= h;
            delta[j].Should().BeApproximately((WeightedSum(plus, g) - WeightedSum(minus, g)) / (2 * h), 1e-9);
        }
    }

    [Fact]
    public void Softmax_mixes_a_column_so_it_is_not_element_wise()
    {
        Activation<double>.Softmax.Should().NotBeAssignableTo<ElementwiseActivation<double>>();
        Activation<double>.Softmax.Name.Should().Be("softmax");
    }

    private static double WeightedSum(double[] z, double[] g)
    {
        var a = new double[z.Length];
        Activation<double>.Softmax.Activate(z, a, neurons: z.Length);
        return a.Zip(g, (x, y) => x * y).Sum();
    }
}
