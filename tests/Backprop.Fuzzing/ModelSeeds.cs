using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Fuzzing;

/// <summary>
/// Writes the model seeds of <c>tests/fuzz-corpus/model</c>: small network files and checkpoints that between them
/// use both element types, every activation and loss, biases and none, dropout, every optimizer with its state and
/// every schedule. Regenerate with <c>Backprop.Fuzzing model --write-seeds tests/fuzz-corpus/model</c>.
/// </summary>
internal static class ModelSeeds
{
    public static int Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var inputs = Matrix<double>.Build.DenseOfArray(new[,] { { 0.35, -0.2, 0.7, 0.1 }, { 0.9, 0.4, -0.5, 0.3 } });
        var targets = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0, 1, 0 } });

        // Network files.
        Save(folder, "network-2-2-1-sigmoid-no-biases.json", new NetworkBuilder<double>(2)
            .AddDense(2, Activation<double>.Sigmoid, hasBiases: false).AddDense(1, Activation<double>.Sigmoid, hasBiases: false).WithSeed(1).Build());
        Save(folder, "network-float32-leaky-relu-dropout-softmax.json", new NetworkBuilder<float>(3)
            .AddDense(4, Activation<float>.LeakyRelu(0.01)).AddDropout(0.25).AddDense(2, Activation<float>.Softmax)
            .WithLoss(Loss<float>.CategoricalCrossEntropy).WithSeed(2).Build());
        Save(folder, "network-elu-gelu-softplus-tanh-mse.json", new NetworkBuilder<double>(2)
            .AddDense(2, Activation<double>.Elu(0.5)).AddDense(2, Activation<double>.Gelu).AddDense(2, Activation<double>.Softplus)
            .AddDense(1, Activation<double>.Tanh).WithLoss(Loss<double>.MeanSquaredError).WithSeed(3).Build());
        Save(folder, "network-relu-identity-bce.json", new NetworkBuilder<double>(2)
            .AddDense(3, Activation<double>.Relu).AddDense(2, Activation<double>.Identity).AddDense(1, Activation<double>.Sigmoid)
            .WithLoss(Loss<double>.BinaryCrossEntropy).WithSeed(4).Build());
        Save(folder, "network-float32-silu-squared-error.json", new NetworkBuilder<float>(2)
            .AddDense(3, Activation<float>.Silu).AddDense(1, Activation<float>.Identity).WithSeed(7).Build());

        // Checkpoints, after two steps so that every optimizer has state.
        Checkpoint(folder, "checkpoint-sgd-nesterov-step-decay.json", new SgdOptimizer<double>(0.1) { Momentum = 0.9, Nesterov = true, Schedule = LearningRateSchedule.StepDecay(10, 0.5) }, inputs, targets);
        Checkpoint(folder, "checkpoint-adam-warmup-cosine-clip.json", new AdamOptimizer<double>(0.01) { Schedule = LearningRateSchedule.Cosine(100, 0.001).WithWarmup(5), GradientClipNorm = 1 }, inputs, targets);
        Checkpoint(folder, "checkpoint-adamw-exponential.json", new AdamWOptimizer<double>(0.01) { Schedule = LearningRateSchedule.Exponential(0.99), WeightDecay = 0.001 }, inputs, targets);
        Checkpoint(folder, "checkpoint-rmsprop-constant.json", new RmsPropOptimizer<double>(0.01) { Schedule = LearningRateSchedule.Constant }, inputs, targets);
        Checkpoint(folder, "checkpoint-lbfgs.json", new LbfgsOptimizer<double> { HistorySize = 2 }, inputs, targets);
        Checkpoint(folder, "checkpoint-irprop-minus.json", new IRpropMinusOptimizer<double>(), inputs, targets);
        Checkpoint(folder, "checkpoint-sgd-before-first-step.json", new SgdOptimizer<double>(0.1), inputs, targets, steps: 0);
        return 0;
    }

    private static void Save<T>(string folder, string name, Network<T> network)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        using var file = File.Create(Path.Combine(folder, name));
        network.Save(file);
    }

    private static void Checkpoint(string folder, string name, Optimizer<double> optimizer, Matrix<double> inputs, Matrix<double> targets, int steps = 2)
    {
        var network = new NetworkBuilder<double>(2).AddDense(2, Activation<double>.Tanh).AddDense(1, Activation<double>.Sigmoid).WithSeed(5).Build();
        var trainer = new Trainer<double>(optimizer) { MiniBatchSize = 4, Epochs = 1, Seed = 6 };
        for (var step = 0; step < steps; step++)
        {
            trainer.Step(network, inputs, targets);
        }

        using var file = File.Create(Path.Combine(folder, name));
        new Checkpoint<double>(network, trainer).Save(file);
    }
}
