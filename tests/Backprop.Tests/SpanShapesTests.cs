using Backprop.Tests.TestSupport;

namespace Backprop.Tests;

/// <summary>
/// The public span methods of every built-in activation and loss refuse spans of different lengths, or not a whole
/// number of columns, with <see cref="ArgumentException"/> naming the span (the finding: IndexOutOfRangeException).
/// </summary>
public sealed class SpanShapesTests
{
    public static TheoryData<string> Activations() => new(TestActivations.All);

    public static TheoryData<string> Losses() => new("squared-error", "mean-squared-error", "binary-cross-entropy", "categorical-cross-entropy");

    [Theory]
    [MemberData(nameof(Activations))]
    public void An_activation_refuses_mismatched_spans_naming_the_span(string name)
    {
        // Given an activation and 2 × 3 weighted inputs
        var activation = TestActivations.Named(name);
        var z = new double[6];

        // When it is called with a short output, a short gradient, or 4 rows, then each is refused naming the span
        ShouldRefuse(() => activation.Activate(z, new double[5], 2), "activations");
        ShouldRefuse(() => activation.MultiplyByDerivative(z, new double[6], new double[7], 2), "gradient");
        ShouldRefuse(() => activation.MultiplyByDerivative(z, new double[3], new double[6], 2), "activations");
        ShouldRefuse(() => activation.Activate(z, new double[6], 4), "weightedInputs");
        var zeroRows = () => activation.Activate(z, new double[6], 0);
        zeroRows.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("neurons");
    }

    [Theory]
    [MemberData(nameof(Losses))]
    public void A_loss_refuses_mismatched_spans_naming_the_span(string name)
    {
        // Given a loss and 2 × 3 outputs
        var loss = name switch
        {
            "squared-error" => Loss<double>.SquaredError,
            "mean-squared-error" => Loss<double>.MeanSquaredError,
            "binary-cross-entropy" => Loss<double>.BinaryCrossEntropy,
            _ => Loss<double>.CategoricalCrossEntropy,
        };
        var outputs = Enumerable.Repeat(0.5, 6).ToArray();
        var activation = name == "categorical-cross-entropy" ? Activation<double>.Softmax : Activation<double>.Sigmoid;

        // When a span is one short, then each call is refused naming it
        ShouldRefuse(() => loss.Cost(outputs, outputs, new double[5], 2), "targets");
        ShouldRefuse(() => loss.Cost(new double[5], outputs, outputs, 2), "weightedInputs");
        ShouldRefuse(() => loss.Gradient(outputs, outputs, new double[5], 2), "gradient");
        ShouldRefuse(() => loss.OutputDelta(activation, outputs, outputs, outputs, new double[5], 2), "delta");
        ShouldRefuse(() => loss.OutputDelta(activation, new double[7], outputs, outputs, new double[6], 2), "weightedInputs");
        ShouldRefuse(() => loss.Gradient(new double[5], new double[5], new double[5], 2), "outputs");
    }

    private static void ShouldRefuse(Action call, string paramName)
        => call.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(paramName);
}
