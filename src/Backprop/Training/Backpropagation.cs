using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// One backpropagation step by hand, to see every number: the forward pass that keeps z and a of every layer,
/// and the backward pass of the four equations that gives δ and the gradients. <see cref="Trainer{T}"/> runs the
/// same passes; use these to look at them.
/// </summary>
/// <example>
/// <code>
/// Gradients&lt;double&gt; step = network.ComputeGradients(x, y);   // x: 2×1, y: 1×1
/// // step.Cost, and per layer: WeightedInput (z), Activation (a), Delta (δ), WeightGradient (dC/dW), BiasGradient (dC/db)
/// </code>
/// </example>
/// <remarks>
/// The results are views of the network's reused training workspace for the batch size: the next pass on the
/// same network with the same batch size overwrites them. These calls are training operations: one at a time
/// per network (a concurrent one throws <see cref="InvalidOperationException"/>).
/// </remarks>
public static class Backpropagation
{
    /// <summary>Runs the forward pass for a batch and keeps what <see cref="Backward"/> needs (z and a of every layer).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="inputs">The inputs, <c>InputSize × batch</c>, finite.</param>
    /// <returns>A new matrix with the outputs <c>aᴸ</c>, <c>OutputSize × batch</c>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> has the wrong number of rows, no columns, or a non-finite value.</exception>
    /// <exception cref="InvalidOperationException">Another training operation is running on this network.</exception>
    public static Matrix<T> Forward<T>(this Network<T> network, Matrix<T> inputs)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        var values = InputValidation.RequireRows(inputs, network.InputSize, nameof(inputs), "one per network input");
        InputValidation.RequireFinite<T>(values, network.InputSize, nameof(inputs));
        using var training = network.Guard.EnterTraining();
        var engine = network.Training;
        var workspace = engine.LoadInputs(values, inputs.ColumnCount);
        engine.Forward(workspace);
        return Matrix<T>.Build.Dense(network.OutputSize, inputs.ColumnCount, workspace.Activations[^1].AsSpan().ToArray());
    }

    /// <summary>Runs the forward pass for one sample and keeps what <see cref="Backward"/> needs.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="input">The input, <see cref="Network{T}.InputSize"/> values, finite.</param>
    /// <returns>A new vector with the output <c>aᴸ</c>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="input"/> has the wrong length or a non-finite value.</exception>
    /// <exception cref="InvalidOperationException">Another training operation is running on this network.</exception>
    public static Vector<T> Forward<T>(this Network<T> network, Vector<T> input)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(input);
        return network.Forward(input.ToColumnMatrix()).Column(0);
    }

    /// <summary>
    /// Runs the backward pass for the batch of the last <see cref="Forward{T}(Network{T}, Matrix{T})"/>: the output
    /// error (BP1), the errors of the earlier layers (BP2) and the mean bias (BP3) and weight (BP4) gradients.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="targets">The targets, <c>OutputSize × batch</c> with the batch of the last forward pass, finite.</param>
    /// <returns>The cost and per-layer quantities; views of the reused workspace.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="targets"/> has the wrong shape or a non-finite value.</exception>
    /// <exception cref="InvalidOperationException">No forward pass came first, or another training operation is running.</exception>
    public static Gradients<T> Backward<T>(this Network<T> network, Matrix<T> targets)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        var values = InputValidation.RequireRows(targets, network.OutputSize, nameof(targets), "one per network output");
        using var training = network.Guard.EnterTraining();
        var engine = network.Training;
        var workspace = engine.LastForward
            ?? throw new InvalidOperationException("Backward needs a Forward pass first: call Forward(inputs) with the same batch.");
        if (targets.ColumnCount != workspace.BatchSize)
        {
            throw new ArgumentException(
                $"Expected targets with {workspace.BatchSize} columns (the batch of the last Forward) but got {targets.ColumnCount}.",
                nameof(targets));
        }

        InputValidation.RequireFinite<T>(values, network.OutputSize, nameof(targets));
        values.AsSpan(0, workspace.Targets.Length).CopyTo(workspace.Targets);
        engine.Backward(workspace);
        return workspace.Gradients;
    }

    /// <summary>Runs the forward and then the backward pass on one batch.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="inputs">The inputs, <c>InputSize × batch</c>.</param>
    /// <param name="targets">The targets, <c>OutputSize × batch</c>.</param>
    /// <returns>The cost and per-layer quantities; views of the reused workspace.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A shape is wrong or a value is not finite.</exception>
    /// <exception cref="InvalidOperationException">Another training operation is running on this network.</exception>
    public static Gradients<T> ComputeGradients<T>(this Network<T> network, Matrix<T> inputs, Matrix<T> targets)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
        => GradientsOfBatch(network, inputs, targets, keepDropoutSequence: false);

    /// <summary>
    /// As <see cref="ComputeGradients{T}(Network{T}, Matrix{T}, Matrix{T})"/>; with <paramref name="keepDropoutSequence"/>
    /// the dropout masks' random sequence is put back afterwards, for a look that leaves the network as it was.
    /// </summary>
    internal static Gradients<T> GradientsOfBatch<T>(Network<T> network, Matrix<T> inputs, Matrix<T> targets, bool keepDropoutSequence)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        var engine = network.Training;
        using var training = network.Guard.EnterTraining();
        var workspace = engine.LoadBatch(inputs, targets);
        var dropoutState = engine.DropoutState;
        try
        {
            engine.Forward(workspace);
            engine.Backward(workspace);
        }
        finally
        {
            if (keepDropoutSequence)
            {
                engine.DropoutState = dropoutState;
            }
        }

        return workspace.Gradients;
    }

    /// <summary>
    /// Restarts the random sequence of the network's dropout masks, so that training (or a gradient check) that
    /// follows draws the same masks as any other run restarted with the same seed.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="seed">The seed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    /// <exception cref="InvalidOperationException">A training operation is running on this network.</exception>
    public static void ResetDropout<T>(this Network<T> network, int seed)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        using var training = network.Guard.EnterTraining();
        network.Training.ResetDropout(seed);
    }
}
