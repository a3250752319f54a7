using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.TestSupport;

/// <summary>
/// Batches that a network with 3 inputs and 2 outputs must refuse, each with the parameter it must blame and
/// the numbers its message must name (expected and actual).
/// </summary>
internal static class BadBatches
{
    /// <summary>The inputs of a good batch: 3 × 4.</summary>
    public const int Inputs = 3;

    /// <summary>The outputs of a good batch: 2 × 4.</summary>
    public const int Outputs = 2;

    /// <summary>The samples of a good batch.</summary>
    public const int Samples = 4;

    /// <summary>The names of the bad batches, for theories.</summary>
    public static TheoryData<string> Names() => new(
        "wrong input rows", "wrong target rows", "mismatched columns", "NaN input", "+Inf target", "-Inf input");

    /// <summary>The names of the batches whose inputs alone are bad (for calls that take no targets).</summary>
    public static TheoryData<string> InputNames() => new("wrong input rows", "NaN input", "-Inf input");

    /// <summary>The network the bad batches are bad for: 3-4-2, sigmoid, with biases.</summary>
    public static Network<double> CreateNetwork()
        => TestData.RandomNetwork(new Random(3), "3-4-2", TestActivations.Named<double>("sigmoid"), hasBiases: true);

    /// <summary>The bad batch, the parameter to blame and the fragments its message must contain.</summary>
    public static (Matrix<double> Inputs, Matrix<double> Targets, string ParamName, string[] MessageParts) Create(string name)
    {
        var random = new Random(17);
        var inputs = TestData.Uniform(random, Inputs, Samples);
        var targets = TestData.Uniform(random, Outputs, Samples, 0, 1);
        switch (name)
        {
            case "wrong input rows":
                return (TestData.Uniform(random, 2, Samples), targets, "inputs", ["3 rows", "2×4"]);
            case "wrong target rows":
                return (inputs, TestData.Uniform(random, 3, Samples), "targets", ["2 rows", "3×4"]);
            case "mismatched columns":
                return (inputs, TestData.Uniform(random, Outputs, 5), "targets", ["4 columns", "got 5"]);
            case "NaN input":
                inputs[1, 2] = double.NaN;
                return (inputs, targets, "inputs", ["NaN", "row 1, column 2"]);
            case "+Inf target":
                targets[0, 3] = double.PositiveInfinity;
                return (inputs, targets, "targets", ["Infinity", "row 0, column 3"]);
            case "-Inf input":
                inputs[2, 0] = double.NegativeInfinity;
                return (inputs, targets, "inputs", ["-Infinity", "row 2, column 0"]);
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "No such bad batch.");
        }
    }

    /// <summary>
    /// Asserts that <paramref name="call"/> throws exactly <see cref="ArgumentException"/> whose <c>ParamName</c> is
    /// <paramref name="paramName"/> and whose message contains every one of <paramref name="messageParts"/>.
    /// </summary>
    public static void ShouldRefuse<TResult>(Func<TResult> call, string paramName, IEnumerable<string> messageParts)
    {
        var exception = call.Should().ThrowExactly<ArgumentException>().Which;
        exception.ParamName.Should().Be(paramName);
        foreach (var part in messageParts)
        {
            exception.Message.Should().Contain(part);
        }
    }
}
