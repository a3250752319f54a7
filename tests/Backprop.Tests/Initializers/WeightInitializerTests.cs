using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Initializers;

/// <summary>
/// <see cref="WeightInitializer"/>: each initialiser draws from the distribution its paper states (checked on the
/// 40,000 weights of a 400-input, 100-neuron layer), reproducibly from a seed, and each activation names the
/// documented default.
/// </summary>
public sealed class WeightInitializerTests
{
    private const int FanIn = 400;
    private const int FanOut = 100;

    /// <summary>
    /// The initialisers with the variance their sources give for fan-in 400 and fan-out 100, and whether they are
    /// uniform: Glorot &amp; Bengio (2010), <c>Var = 2/(fan-in + fan-out)</c> (uniform limit <c>√(6/(fan-in + fan-out))</c>);
    /// He et al. (2015), <c>Var = 2/fan-in</c> (uniform limit <c>√(6/fan-in)</c>); LeCun et al. (1998),
    /// <c>Var = 1/fan-in</c>; <c>U(−l, l)</c> has variance <c>l²/3</c>.
    /// </summary>
    public static TheoryData<string, double, bool> Initializers() => new()
    {
        { "glorot-uniform", 2.0 / (FanIn + FanOut), true },
        { "glorot-normal", 2.0 / (FanIn + FanOut), false },
        { "he-uniform", 2.0 / FanIn, true },
        { "he-normal", 2.0 / FanIn, false },
        { "lecun-normal", 1.0 / FanIn, false },
        { "uniform(0.3)", 0.3 * 0.3 / 3, true },
        { "normal(0.2)", 0.2 * 0.2, false },
    };

    [Theory]
    [MemberData(nameof(Initializers))]
    public void Weights_of_a_400_by_100_layer_have_mean_zero_and_the_stated_variance(string name, double variance, bool uniform)
    {
        // Given a 400-input layer of 100 neurons drawn with the initialiser
        var weights = DrawLayer(InitializerNamed(name), seed: 3);

        // When the sample mean and variance of its 40,000 weights are measured
        var mean = weights.Average();
        var sampleVariance = weights.Select(w => (w - mean) * (w - mean)).Sum() / (weights.Length - 1);

        // Then the mean is 0 within five standard errors and the variance is the stated one within 3%
        // (its standard error is 0.7% of it for a normal, 0.45% for a uniform distribution)
        mean.Should().BeApproximately(0, 5 * Math.Sqrt(variance / weights.Length));
        sampleVariance.Should().BeApproximately(variance, 0.03 * variance, "{0} is {1}", name, uniform ? "uniform" : "normal");
    }

    [Theory]
    [InlineData("glorot-uniform", 0.10954451150103323)]
    [InlineData("he-uniform", 0.12247448713915890)]
    [InlineData("uniform(0.3)", 0.3)]
    public void Uniform_initialisers_stay_within_their_limit_and_use_all_of_it(string name, double limit)
    {
        // Given the limit worked by hand: √(6/500), √(6/400), or the one given
        var weights = DrawLayer(InitializerNamed(name), seed: 5);

        // Then every weight is within (−l, l) and the extremes come within 1% of ±l
        weights.Should().OnlyContain(w => Math.Abs(w) <= limit);
        weights.Max().Should().BeGreaterThan(0.99 * limit);
        weights.Min().Should().BeLessThan(-0.99 * limit);
    }

    [Theory]
    [InlineData("glorot-normal")]
    [InlineData("he-normal")]
    [InlineData("lecun-normal")]
    [InlineData("normal(0.2)")]
    public void Normal_initialisers_put_the_normal_fractions_within_one_and_two_standard_deviations(string name)
    {
        // Given the weights and their standard deviation
        var weights = DrawLayer(InitializerNamed(name), seed: 7);
        var sigma = Math.Sqrt(weights.Select(w => w * w).Average());

        // When the fractions within ±σ and ±2σ are counted
        var withinOne = weights.Count(w => Math.Abs(w) <= sigma) / (double)weights.Length;
        var withinTwo = weights.Count(w => Math.Abs(w) <= 2 * sigma) / (double)weights.Length;

        // Then they are the normal distribution's 68.27% and 95.45% (standard errors 0.23% and 0.10%)
        withinOne.Should().BeApproximately(0.6827, 0.01);
        withinTwo.Should().BeApproximately(0.9545, 0.005);
    }

    private static readonly string[] Names =
        ["glorot-uniform", "glorot-normal", "he-uniform", "he-normal", "lecun-normal", "uniform(0.3)", "normal(0.2)"];

    public static TheoryData<string> InitializerNames() => new(Names);

    [Theory]
    [MemberData(nameof(InitializerNames))]
    public void The_same_seed_draws_the_same_weights_and_another_seed_other_weights(string name)
    {
        var initializer = InitializerNamed(name);

        var first = DrawLayer(initializer, seed: 11);
        var again = DrawLayer(initializer, seed: 11);
        var other = DrawLayer(initializer, seed: 12);

        again.Should().Equal(first);
        other.Should().NotEqual(first);
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("leaky-relu")]
    [InlineData("elu")]
    [InlineData("gelu")]
    [InlineData("silu")]
    public void The_relu_family_defaults_to_he_normal(string activation)
        => TestActivations.Named(activation).DefaultInitializer.Should().BeSameAs(WeightInitializer.HeNormal);

    [Theory]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    [InlineData("identity")]
    [InlineData("softplus")]
    [InlineData("softmax")]
    public void Other_activations_default_to_lecun_normal(string activation)
        => TestActivations.Named(activation).DefaultInitializer.Should().BeSameAs(WeightInitializer.LeCunNormal);

    [Theory]
    [InlineData("elu", 2.0)]
    [InlineData("gelu", 2.0)]
    [InlineData("silu", 2.0)]
    [InlineData("softplus", 1.0)]
    [InlineData("identity", 1.0)]
    [InlineData("softmax", 1.0)]
    public void A_builder_layer_without_an_initialiser_draws_from_its_activations_default(string activation, double gain)
    {
        // Given a 400-input layer of 100 neurons built with no initialiser named
        var network = new NetworkBuilder<double>(FanIn).AddDense(FanOut, TestActivations.Named(activation)).WithSeed(13).Build();
        var weights = network.Layers[0].GetWeights().Enumerate().ToArray();

        // When the sample variance is measured
        var mean = weights.Average();
        var variance = weights.Select(w => (w - mean) * (w - mean)).Sum() / (weights.Length - 1);

        // Then it is He's 2/fan-in or LeCun's 1/fan-in, and the biases start at 0
        variance.Should().BeApproximately(gain / FanIn, 0.03 * gain / FanIn);
        network.Layers[0].GetBiases()!.Should().OnlyContain(b => b == 0);
    }

    [Fact]
    public void Sample_draws_the_same_sequence_from_generators_with_the_same_seed()
    {
        var first = new Random(21);
        var second = new Random(21);

        var a = Enumerable.Range(0, 100).Select(_ => WeightInitializer.GlorotNormal.Sample(30, 20, first)).ToArray();
        var b = Enumerable.Range(0, 100).Select(_ => WeightInitializer.GlorotNormal.Sample(30, 20, second)).ToArray();

        b.Should().Equal(a);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_uniform_limit_or_normal_deviation_that_is_not_finite_and_positive_is_refused(double value)
    {
        var uniform = () => WeightInitializer.Uniform(value);
        var normal = () => WeightInitializer.Normal(value);

        uniform.Should().ThrowExactly<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("limit");
        normal.Should().ThrowExactly<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("standardDeviation");
    }

    [Fact]
    public void Each_initialiser_is_named_as_documented()
    {
        var names = Names.Select(name => InitializerNamed(name).Name);

        names.Should().Equal(Names);
    }

    private static double[] DrawLayer(WeightInitializer initializer, int seed)
        => [.. new NetworkBuilder<double>(FanIn).AddDense(FanOut, Activation<double>.Tanh, initializer: initializer).WithSeed(seed).Build()
            .Layers[0].GetWeights().Enumerate()];

    private static WeightInitializer InitializerNamed(string name)
        => name switch
        {
            "glorot-uniform" => WeightInitializer.GlorotUniform,
            "glorot-normal" => WeightInitializer.GlorotNormal,
            "he-uniform" => WeightInitializer.HeUniform,
            "he-normal" => WeightInitializer.HeNormal,
            "lecun-normal" => WeightInitializer.LeCunNormal,
            "uniform(0.3)" => WeightInitializer.Uniform(0.3),
            "normal(0.2)" => WeightInitializer.Normal(0.2),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such initialiser in the tests."),
        };
}
