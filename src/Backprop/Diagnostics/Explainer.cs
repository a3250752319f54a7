using System.Text;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Diagnostics;

/// <summary>
/// Backpropagation made visible: one step of a small network on one or a few samples, then a replay of the next
/// training steps from the same start, as a single self-contained HTML page (<see cref="ToHtml"/>,
/// <see cref="SaveHtml"/>) that draws the network and walks through the forward pass, the cost, the backward pass
/// (BP1–BP4), the update and a gradient check, with every number the library's own.
/// </summary>
/// <remarks>
/// <para>
/// The page needs no network access: its SVG, CSS and script are inline, and its numbers are embedded as JSON
/// (<see cref="ToJson"/>, doubles in round-trip form) that the script only formats, never recomputes. Layers are
/// numbered from 1 as in the texts (<c>a[0] = x</c>); a batch has one column per sample.
/// </para>
/// <para>
/// A network with more than <see cref="MaxDrawnNodesPerLayer"/> nodes in a layer (inputs included) is not drawn:
/// its page says so and shows the cost curve and each layer's gradient norm instead, without the gradient check.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// Explainer.Capture(network, x, y, learningRate: 1.0).SaveHtml("step.html");
/// </code>
/// </example>
public sealed class Explainer
{
    /// <summary>The most nodes a layer (or the input) may have for the network to be drawn edge by edge.</summary>
    public const int MaxDrawnNodesPerLayer = 64;

    /// <summary>The most samples a batch may have: each sample's z, a and δ are shown.</summary>
    public const int MaxSamples = 16;

    /// <summary>The most training steps a replay may have.</summary>
    public const int MaxSteps = 200;

    /// <summary>The number of training steps a replay has unless told otherwise.</summary>
    public const int DefaultSteps = 20;

    private readonly ExplainNetwork _network;
    private readonly IReadOnlyList<ExplainStep> _steps;

    private Explainer(ExplainNetwork network, IReadOnlyList<ExplainStep> steps)
    {
        _network = network;
        _steps = steps;
        Steps = steps.Select(step => step.Trace).ToArray();
    }

    /// <summary>
    /// The trace of each training step of the replay, from the network as it was given (<c>Steps[0]</c>, the step
    /// the page explains first) to the last; <c>Steps[k]</c> holds the weights after k SGD updates.
    /// </summary>
    public IReadOnlyList<ExplainTrace> Steps { get; }

    /// <summary>The mean cost of the batch at each step of the replay (before that step's update).</summary>
    public IReadOnlyList<double> Costs => Steps.Select(step => step.Cost).ToArray();

    /// <summary>True when every layer has at most <see cref="MaxDrawnNodesPerLayer"/> nodes, so the page draws the network.</summary>
    public bool IsDrawn => _network.IsDrawn;

    /// <summary>
    /// Explains one backpropagation step of <paramref name="network"/> on a batch, and replays
    /// <paramref name="steps"/> SGD steps (learning rate <paramref name="learningRate"/>, the whole batch each step)
    /// from the same start on a copy. The network, and the position of its dropout masks' random sequence, are not changed.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="network">The network.</param>
    /// <param name="inputs">The batch's inputs, <c>InputSize × batch</c>, 1 to <see cref="MaxSamples"/> columns, finite.</param>
    /// <param name="targets">The batch's targets, <c>OutputSize × batch</c>, finite.</param>
    /// <param name="learningRate">η of the updates; finite and positive.</param>
    /// <param name="steps">The training steps of the replay, 1 to <see cref="MaxSteps"/> (1: only the step explained).</param>
    /// <returns>The explanation, ready to be written as HTML.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// A shape is wrong, the batch has no sample or more than <see cref="MaxSamples"/>, or a value is not finite.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="learningRate"/> is not finite and positive, or <paramref name="steps"/> is outside 1 to <see cref="MaxSteps"/>.
    /// </exception>
    /// <exception cref="InvalidOperationException">Another training operation is running on this network.</exception>
    /// <exception cref="TrainingDivergedException">The replay diverged (a NaN or infinite cost or gradient).</exception>
    public static Explainer Capture<T>(Network<T> network, Matrix<T> inputs, Matrix<T> targets, double learningRate, int steps = DefaultSteps)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        InputValidation.RequirePositiveFinite(learningRate, nameof(learningRate));
        if (steps < 1 || steps > MaxSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"The replay needs 1 to {MaxSteps} steps, but {steps} were asked for.");
        }

        InputValidation.RequireBatch(inputs, targets, network.InputSize, network.OutputSize);
        if (inputs.ColumnCount > MaxSamples)
        {
            throw new ArgumentException(
                $"The explainer shows at most {MaxSamples} samples, but inputs has {inputs.ColumnCount} columns: explain a smaller batch.", nameof(inputs));
        }

        var description = ExplainNetwork.Describe(network);
        var replay = CopyWithDropoutPosition(network);
        var trainer = new Trainer<T>(new SgdOptimizer<T>(learningRate)) { MiniBatchSize = inputs.ColumnCount };
        var recorded = new ExplainStep[steps];
        for (var k = 0; k < steps; k++)
        {
            recorded[k] = ExplainStep.Record(replay, inputs, targets, learningRate, description.IsDrawn);
            trainer.Step(replay, inputs, targets);
            recorded[k].RecordUpdatedParameters(replay);
        }

        return new Explainer(description, recorded);
    }

    /// <summary>
    /// The data the page embeds, as JSON: the network's shape and formulas, the batch, and per step every quantity
    /// (doubles in round-trip form, so each reads back as the library's value).
    /// </summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => ExplainJson.Write(_network, _steps);

    /// <summary>The self-contained page: HTML with inline SVG, CSS and script, and the data of <see cref="ToJson"/>.</summary>
    /// <returns>The HTML text.</returns>
    public string ToHtml() => HtmlPage.Build(_network.Title, ToJson());

    /// <summary>Writes <see cref="ToHtml"/> to a file, UTF-8, through a temporary file beside it so a failure leaves no half-written page.</summary>
    /// <param name="path">The file to write (replaced if it exists).</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or white space.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void SaveHtml(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var html = ToHtml();
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    // A copy to train in the replay, whose dropout masks continue where the original's would.
    private static Network<T> CopyWithDropoutPosition<T>(Network<T> network)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        var copy = network.Clone();
        using (network.Guard.EnterTraining())
        {
            copy.Training.DropoutState = network.Training.DropoutState;
        }

        return copy;
    }
}
