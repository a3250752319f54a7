using System.Globalization;
using System.Numerics;
using Backprop.Kernels;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// Metrics of a model's answers. On network outputs against targets, both <c>outputs × samples</c> (one column per
/// sample): accuracy, confusion matrix and mean squared error. On labels of any type (actual first, as
/// scikit-learn): accuracy, a classification report (precision, recall, F1 per class and averaged) and a confusion
/// matrix; on scores and probabilities: ROC AUC and log-loss; on numbers: R², mean absolute error and root mean
/// squared error. The label-level metrics take optional sample weights (finite, at least 0, not all 0).
/// </summary>
/// <remarks>
/// On network outputs:
/// A sample's class is the index of its largest output (one-hot targets, softmax outputs; the first index on a
/// tie); with a single output it is 1 when the value is above 0.5 and 0 otherwise (a sigmoid output, 0/1 targets).
/// A column holding NaN has no class, so <see cref="Accuracy{T}(Matrix{T}, Matrix{T})"/> and <see cref="ConfusionMatrix{T}(Matrix{T}, Matrix{T})"/> refuse it
/// rather than count it as class 0.
/// </remarks>
public static partial class Metrics
{
    /// <summary>The fraction of samples whose predicted class equals the target class.</summary>
    /// <param name="predictions">The network's outputs, <c>outputs × samples</c>.</param>
    /// <param name="targets">The targets, the same shape.</param>
    /// <returns>A value in [0, 1].</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// The shapes differ, there are no samples or no outputs, or a prediction or target is NaN.
    /// </exception>
    public static double Accuracy<T>(Matrix<T> predictions, Matrix<T> targets)
        where T : struct, IFloatingPointIeee754<T>
    {
        var (outputs, expected) = RequireSameShape(predictions, targets);
        var rows = predictions.RowCount;
        var correct = 0;
        for (var offset = 0; offset < outputs.Length; offset += rows)
        {
            if (RequireClass<T>(outputs, offset, rows, nameof(predictions)) == RequireClass<T>(expected, offset, rows, nameof(targets)))
            {
                correct++;
            }
        }

        return (double)correct / predictions.ColumnCount;
    }

    /// <summary>The confusion matrix: how many samples of each target class were predicted as each class.</summary>
    /// <param name="predictions">The network's outputs, <c>outputs × samples</c>.</param>
    /// <param name="targets">The targets, the same shape.</param>
    /// <returns>The counts; classes are output indices (0 and 1 for a single output).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// The shapes differ, there are no samples or no outputs, or a prediction or target is NaN.
    /// </exception>
    public static ConfusionMatrix ConfusionMatrix<T>(Matrix<T> predictions, Matrix<T> targets)
        where T : struct, IFloatingPointIeee754<T>
    {
        var (outputs, expected) = RequireSameShape(predictions, targets);
        var rows = predictions.RowCount;
        var classes = rows == 1 ? 2 : rows;
        var counts = new int[classes, classes];
        for (var offset = 0; offset < outputs.Length; offset += rows)
        {
            var actual = RequireClass<T>(expected, offset, rows, nameof(targets));
            var predicted = RequireClass<T>(outputs, offset, rows, nameof(predictions));
            counts[actual, predicted]++;
        }

        return new ConfusionMatrix(counts);
    }

    /// <summary>The mean over samples and outputs of <c>(a − y)²</c>.</summary>
    /// <param name="predictions">The network's outputs, <c>outputs × samples</c>.</param>
    /// <param name="targets">The targets, the same shape.</param>
    /// <returns>The mean squared error (NaN when a prediction or target is NaN, as the arithmetic gives it).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The shapes differ, or there are no samples or no outputs.</exception>
    public static double MeanSquaredError<T>(Matrix<T> predictions, Matrix<T> targets)
        where T : struct, IFloatingPointIeee754<T>
    {
        var (outputs, expected) = RequireSameShape(predictions, targets);
        return double.CreateChecked(ElementwiseKernels.SumOfSquaredDifferences<T>(outputs, expected)) / outputs.Length;
    }

    /// <summary>
    /// The number of columns whose predicted class equals the target class (for the training progress); a column
    /// with a NaN output has no class and is never counted correct.
    /// </summary>
    internal static int CountCorrect<T>(ReadOnlySpan<T> outputs, ReadOnlySpan<T> targets, int rows)
        where T : struct, IFloatingPointIeee754<T>
    {
        var correct = 0;
        for (var offset = 0; offset < outputs.Length; offset += rows)
        {
            var predicted = ClassOf(outputs.Slice(offset, rows));
            if (predicted >= 0 && predicted == ClassOf(targets.Slice(offset, rows)))
            {
                correct++;
            }
        }

        return correct;
    }

    /// <summary>The class of one column: its arg-max (the first on a tie), or the 0.5 threshold for a single value; −1 when it holds NaN.</summary>
    internal static int ClassOf<T>(ReadOnlySpan<T> column)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (T.IsNaN(column[0]))
        {
            return -1;
        }

        if (column.Length == 1)
        {
            return column[0] > T.CreateChecked(0.5) ? 1 : 0;
        }

        var best = 0;
        for (var i = 1; i < column.Length; i++)
        {
            if (T.IsNaN(column[i]))
            {
                return -1;
            }

            if (column[i] > column[best])
            {
                best = i;
            }
        }

        return best;
    }

    private static int IndexOfNaN<T>(ReadOnlySpan<T> column)
        where T : struct, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < column.Length; i++)
        {
            if (T.IsNaN(column[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The class of the column at <paramref name="offset"/>, refusing a column that holds NaN.</summary>
    private static int RequireClass<T>(T[] values, int offset, int rows, string parameterName)
        where T : struct, IFloatingPointIeee754<T>
    {
        var column = values.AsSpan(offset, rows);
        var result = ClassOf<T>(column);
        if (result < 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The {parameterName} hold NaN at row {IndexOfNaN<T>(column)}, column {offset / rows}: sample {offset / rows} has no class."),
                parameterName);
        }

        return result;
    }

    private static (T[] Predictions, T[] Targets) RequireSameShape<T>(Matrix<T> predictions, Matrix<T> targets)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        if (predictions.RowCount != targets.RowCount || predictions.ColumnCount != targets.ColumnCount)
        {
            throw new ArgumentException(
                $"Expected targets of the predictions' shape {predictions.RowCount}×{predictions.ColumnCount} but they are {targets.RowCount}×{targets.ColumnCount}.",
                nameof(targets));
        }

        if (predictions.ColumnCount == 0)
        {
            throw new ArgumentException("There are no samples (no columns).", nameof(predictions));
        }

        if (predictions.RowCount == 0)
        {
            throw new ArgumentException("There are no outputs (no rows).", nameof(predictions));
        }

        return (predictions.AsColumnMajorArray() ?? predictions.ToColumnMajorArray(), targets.AsColumnMajorArray() ?? targets.ToColumnMajorArray());
    }
}
