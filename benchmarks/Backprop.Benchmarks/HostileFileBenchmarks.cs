using System.Text;
using BenchmarkDotNet.Attributes;

namespace Backprop.Benchmarks;

/// <summary>
/// How long <see cref="Network{T}.Load(Stream, ModelLoadOptions?)"/> takes to refuse the largest hostile documents
/// of the unit tests' corpus (<c>HostileFileTests</c>, which bound what a load allocates but not how long it takes),
/// beside loading a valid 784-100-10 float network. Every hostile document must end in
/// <see cref="ModelFormatException"/>; the setup checks that it does.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class HostileFileBenchmarks
{
    private byte[] _validNetwork = null!;
    private byte[] _nestedArrays = null!;
    private byte[] _nestedObjects = null!;
    private byte[] _unknownMembers = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var stream = new MemoryStream();
        new NetworkBuilder<float>(784).AddDense(100, Activation<float>.Sigmoid).AddDense(10, Activation<float>.Sigmoid).WithSeed(1).Build().Save(stream);
        _validNetwork = stream.ToArray();
        _nestedArrays = Encoding.UTF8.GetBytes(new string('[', 1_000_000));
        _nestedObjects = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 100_000)) + "1" + new string('}', 100_000));
        _unknownMembers = Encoding.UTF8.GetBytes(
            "{\"format\":\"backprop-network\",\"version\":1," + string.Join(",", Enumerable.Range(0, 100_000).Select(i => $"\"m{i}\":0")) + "}");
        foreach (var hostile in new[] { _nestedArrays, _nestedObjects, _unknownMembers })
        {
            if (Refuse(hostile) == 0)
            {
                throw new InvalidOperationException("A hostile document loaded without error.");
            }
        }
    }

    [Benchmark(Baseline = true)]
    public Network<float> Valid_784_100_10_network() => Network<float>.Load(new MemoryStream(_validNetwork, writable: false));

    [Benchmark]
    public int Refuse_1000000_nested_arrays() => Refuse(_nestedArrays);

    [Benchmark]
    public int Refuse_100000_nested_objects() => Refuse(_nestedObjects);

    [Benchmark]
    public int Refuse_100000_unknown_members() => Refuse(_unknownMembers);

    /// <summary>Loads the bytes and returns the length of the refusal's message (0 when they loaded).</summary>
    private static int Refuse(byte[] bytes)
    {
        try
        {
            Network<float>.Load(new MemoryStream(bytes, writable: false));
            return 0;
        }
        catch (ModelFormatException exception)
        {
            return exception.Message.Length;
        }
    }
}
