using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Benchmarks;

/// <summary>
/// Prediction on one thread: <see cref="Network{T}.Predict(Vector{T})"/> for one sample (returns a new vector)
/// and <see cref="Network{T}.Predict(Matrix{T}, Matrix{T})"/> into a preallocated matrix (the zero-allocation
/// path) for 1 and 1,000 samples, on a 784-100-10 sigmoid network in float32 and the 2-2-1 worked example.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PredictBenchmarks
{
    private readonly Network<float> _mnist = new NetworkBuilder<float>(784)
        .AddDense(100, Activation<float>.Sigmoid)
        .AddDense(10, Activation<float>.Sigmoid)
        .WithSeed(1)
        .Build();

    private readonly Network<double> _twoTwoOne = WorkedExample.TwoTwoOne.BuildNetwork();
    private Vector<float> _mnistSample = null!;
    private Matrix<float> _mnistOneInput = null!;
    private Matrix<float> _mnistOneOutput = null!;
    private Matrix<float> _mnistThousandInputs = null!;
    private Matrix<float> _mnistThousandOutputs = null!;
    private Vector<double> _twoTwoOneSample = null!;
    private Matrix<double> _twoTwoOneInput = null!;
    private Matrix<double> _twoTwoOneOutput = null!;

    [GlobalSetup]
    public void Setup()
    {
        _mnist.MaxDegreeOfParallelism = 1;
        _twoTwoOne.MaxDegreeOfParallelism = 1;
        var random = new Random(4);
        _mnistThousandInputs = RandomData.Uniform<float>(random, 784, 1000);
        _mnistThousandOutputs = Matrix<float>.Build.Dense(10, 1000);
        _mnistOneInput = _mnistThousandInputs.SubMatrix(0, 784, 0, 1);
        _mnistOneOutput = Matrix<float>.Build.Dense(10, 1);
        _mnistSample = _mnistOneInput.Column(0);
        _twoTwoOneInput = WorkedExample.TwoTwoOne.InputColumn();
        _twoTwoOneOutput = Matrix<double>.Build.Dense(1, 1);
        _twoTwoOneSample = _twoTwoOneInput.Column(0);
    }

    [Benchmark]
    public Vector<float> Mnist_PredictVector() => _mnist.Predict(_mnistSample);

    [Benchmark]
    public Matrix<float> Mnist_PredictInto_1Sample()
    {
        _mnist.Predict(_mnistOneInput, _mnistOneOutput);
        return _mnistOneOutput;
    }

    [Benchmark]
    public Matrix<float> Mnist_PredictInto_1000Samples()
    {
        _mnist.Predict(_mnistThousandInputs, _mnistThousandOutputs);
        return _mnistThousandOutputs;
    }

    [Benchmark]
    public Vector<double> TwoTwoOne_PredictVector() => _twoTwoOne.Predict(_twoTwoOneSample);

    [Benchmark]
    public Matrix<double> TwoTwoOne_PredictInto_1Sample()
    {
        _twoTwoOne.Predict(_twoTwoOneInput, _twoTwoOneOutput);
        return _twoTwoOneOutput;
    }
}
