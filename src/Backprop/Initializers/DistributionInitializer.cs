namespace Backprop;

/// <summary>A zero-mean uniform or normal distribution whose scale is a function of fan-in and fan-out.</summary>
internal sealed class DistributionInitializer : WeightInitializer
{
    private readonly bool _uniform;
    private readonly Func<int, int, double> _scale;

    public DistributionInitializer(string name, bool uniform, Func<int, int, double> scale)
    {
        Name = name;
        _uniform = uniform;
        _scale = scale;
    }

    public override string Name { get; }

    public override double Sample(int fanIn, int fanOut, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var scale = _scale(fanIn, fanOut);
        if (_uniform)
        {
            return scale * ((2 * random.NextDouble()) - 1);
        }

        // Box–Muller: two uniforms in (0, 1] and [0, 1) give one standard normal.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return scale * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
