using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Training;

/// <summary>
/// What <see cref="Trainer{T}"/> with <see cref="SgdOptimizer{T}"/> refuses: learning rates and sizes at construction, bad batches at Step and
/// Fit, each with the documented exception naming the values, and the network left as it was.
/// </summary>
public sealed class TrainerValidationTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-1.0, "-1")]
    [InlineData(-1e-300, "-1E-300")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void A_learning_rate_that_is_not_finite_and_positive_is_refused_at_construction(double learningRate, string shown)
    {
        var create = () => new Trainer<double>(new SgdOptimizer<double>(learningRate)) { MiniBatchSize = 1 };

        var exception = create.Should().ThrowExactly<ArgumentOutOfRangeException>().Which;
        exception.ParamName.Should().Be("learningRate");
        exception.Message.Should().Contain($"learningRate = {shown} is out of range");
    }

    [Fact]
    public void Mini_batch_size_and_epochs_below_one_are_refused()
    {
        var noBatch = () => new Trainer<double>(new SgdOptimizer<double>(0.1)) { MiniBatchSize = 0 };
        var noEpochs = () => new Trainer<double>(new SgdOptimizer<double>(0.1)) { MiniBatchSize = 1, Epochs = 0 };

        noBatch.Should().ThrowExactly<ArgumentOutOfRangeException>();
        noEpochs.Should().ThrowExactly<ArgumentOutOfRangeException>();
    }

    [Theory]
    [MemberData(nameof(BadBatches.Names), MemberType = typeof(BadBatches))]
    public void Step_refuses_a_bad_batch_naming_the_values_and_leaves_the_weights_unchanged(string badBatch)
    {
        // Given a 3-4-2 network and a batch that does not fit it
        var network = BadBatches.CreateNetwork();
        var before = ParameterSnapshot<double>.Of(network);
        var (inputs, targets, paramName, messageParts) = BadBatches.Create(badBatch);

        // When a step is attempted
        var step = () => new Trainer<double>(new SgdOptimizer<double>(0.5)) { MiniBatchSize = 1 }.Step(network, inputs, targets);

        // Then an ArgumentException names the parameter and the numbers, and the weights are bit for bit the same
        BadBatches.ShouldRefuse(step, paramName, messageParts);

        before.ShouldBeBitIdenticalTo(network);
    }

    [Theory]
    [MemberData(nameof(BadBatches.Names), MemberType = typeof(BadBatches))]
    public void Fit_refuses_a_bad_data_set_naming_the_values_and_leaves_the_weights_unchanged(string badBatch)
    {
        var network = BadBatches.CreateNetwork();
        var before = ParameterSnapshot<double>.Of(network);
        var (inputs, targets, paramName, messageParts) = BadBatches.Create(badBatch);

        var train = () => new Trainer<double>(new SgdOptimizer<double>(0.5)) { MiniBatchSize = 2, Epochs = 2 }.Fit(network, inputs, targets).Losses;

        BadBatches.ShouldRefuse(train, paramName, messageParts);

        before.ShouldBeBitIdenticalTo(network);
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        var network = BadBatches.CreateNetwork();
        var (inputs, targets, _, _) = BadBatches.Create("NaN input");
        var trainer = new Trainer<double>(new SgdOptimizer<double>(0.5)) { MiniBatchSize = 1 };

        var noNetwork = () => trainer.Step(null!, inputs, targets);
        var noInputs = () => trainer.Fit(network, null!, targets).Losses;
        var noTargets = () => trainer.Step(network, inputs, null!);

        noNetwork.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("network");
        noInputs.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("inputs");
        noTargets.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("targets");
    }
}
