using System.Globalization;

namespace Backprop;

/// <content>Metrics of scores and probabilities against actual labels: ROC AUC and log-loss.</content>
public static partial class Metrics
{
    /// <summary>
    /// The clipping bound of <see cref="LogLoss(IReadOnlyList{bool}, IReadOnlyList{double}, IReadOnlyList{double}?)"/>:
    /// float64 machine epsilon, 2⁻⁵² ≈ 2.22 × 10⁻¹⁶ (scikit-learn's <c>eps="auto"</c>, <c>np.finfo(float64).eps</c>).
    /// </summary>
    public const double LogLossEpsilon = 2.220446049250313E-16;

    /// <summary>How far a row of class probabilities may sum from 1 (float softmax outputs included).</summary>
    private const double ProbabilitySumTolerance = 1e-5;

    /// <summary>
    /// The area under the ROC curve of scores for a binary target: the (weighted) probability that a random positive
    /// sample scores above a random negative one, a tie counting one half (scikit-learn's <c>roc_auc_score</c>, whose
    /// trapezoids over tied scores give the same average).
    /// </summary>
    /// <param name="actual">Each sample's class: true for positive.</param>
    /// <param name="scores">Each sample's score, higher meaning more likely positive (a probability, a logit, …).</param>
    /// <param name="sampleWeights">Optional weight of each sample: finite, at least 0, not all 0.</param>
    /// <returns>The area, in [0, 1]; 0.5 for scores that do not separate the classes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="actual"/> or <paramref name="scores"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The counts differ or are 0, a score is NaN (naming its index), a weight is bad, or only one class has
    /// (weighted) samples, so the area is undefined.
    /// </exception>
    public static double RocAuc(IReadOnlyList<bool> actual, IReadOnlyList<double> scores, IReadOnlyList<double>? sampleWeights = null)
    {
        RequirePairs(actual, scores, nameof(scores));
        RequireNotNaN(scores, nameof(scores));
        var weights = SampleWeights.Require(sampleWeights, actual.Count);
        return BinaryRocAuc(actual.Count, i => actual[i], i => scores[i], weights, "actual has");
    }

    /// <summary>
    /// The one-vs-rest ROC AUC of class probabilities, averaged over the classes without weighting (scikit-learn's
    /// <c>roc_auc_score(multi_class="ovr", average="macro")</c>): for each class, the binary area of its probability
    /// column with that class as positive.
    /// </summary>
    /// <typeparam name="TLabel">The label type.</typeparam>
    /// <param name="actual">The true labels, each one of <paramref name="classes"/>.</param>
    /// <param name="probabilities">Per sample, the probability of each class in the order of <paramref name="classes"/> (a row summing to 1).</param>
    /// <param name="classes">The classes, in the order of the probability columns; at least 2.</param>
    /// <param name="sampleWeights">Optional weight of each sample: finite, at least 0, not all 0.</param>
    /// <returns>The mean area, in [0, 1].</returns>
    /// <exception cref="ArgumentNullException">An argument (or a row) is null.</exception>
    /// <exception cref="ArgumentException">
    /// The counts differ or are 0; a row has not one value per class, holds a value outside [0, 1] or NaN, or does not
    /// sum to 1 (within 10⁻⁵); a label is not one of the classes; fewer than 2 classes; a weight is bad; or a class has
    /// no sample (or every sample), so its area is undefined.
    /// </exception>
    public static double RocAuc<TLabel>(
        IReadOnlyList<TLabel> actual, IReadOnlyList<IReadOnlyList<double>> probabilities, IReadOnlyList<TLabel> classes, IReadOnlyList<double>? sampleWeights = null)
        where TLabel : notnull
    {
        var (labelClasses, actualClasses, weights) = RequireProbabilities(actual, probabilities, classes, sampleWeights);
        if (labelClasses.Count < 2)
        {
            throw new ArgumentException("ROC AUC needs at least 2 classes.", nameof(classes));
        }

        var sum = 0.0;
        for (var k = 0; k < labelClasses.Count; k++)
        {
            var positive = k;
            sum += BinaryRocAuc(actual.Count, i => actualClasses[i] == positive, i => probabilities[i][positive], weights, $"class {LabelClasses<TLabel>.Show(labelClasses.Classes[k])} has");
        }

        return sum / labelClasses.Count;
    }

    /// <summary>
    /// The mean negative log-likelihood of binary targets under predicted probabilities of the positive class:
    /// <c>−Σ wᵢ [yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)] / Σ wᵢ</c>, natural logarithm (scikit-learn's <c>log_loss</c>).
    /// </summary>
    /// <param name="actual">Each sample's class: true for positive.</param>
    /// <param name="probabilities">Each sample's predicted probability of the positive class, in [0, 1].</param>
    /// <param name="sampleWeights">Optional weight of each sample: finite, at least 0, not all 0.</param>
    /// <returns>The loss, at least 0. Probabilities are first clipped to [ε, 1 − ε] with ε = <see cref="LogLossEpsilon"/>, so a sure wrong answer costs about 36.04, not ∞.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="actual"/> or <paramref name="probabilities"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The counts differ or are 0, a probability is outside [0, 1] or NaN (naming its index), or a weight is bad.
    /// </exception>
    public static double LogLoss(IReadOnlyList<bool> actual, IReadOnlyList<double> probabilities, IReadOnlyList<double>? sampleWeights = null)
    {
        RequirePairs(actual, probabilities, nameof(probabilities));
        for (var i = 0; i < probabilities.Count; i++)
        {
            RequireProbability(probabilities[i], nameof(probabilities), string.Create(CultureInfo.InvariantCulture, $"[{i}]"));
        }

        var weights = SampleWeights.Require(sampleWeights, actual.Count);
        double loss = 0, total = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            var p = Clip(probabilities[i]);
            var weight = SampleWeights.Of(weights, i);
            loss -= weight * Math.Log(actual[i] ? p : 1 - p);
            total += weight;
        }

        return loss / total;
    }

    /// <summary>
    /// The mean negative log-likelihood of the true classes under predicted class probabilities:
    /// <c>−Σ wᵢ log pᵢ,yᵢ / Σ wᵢ</c>, natural logarithm (scikit-learn's <c>log_loss</c> with <c>labels</c>).
    /// </summary>
    /// <typeparam name="TLabel">The label type.</typeparam>
    /// <param name="actual">The true labels, each one of <paramref name="classes"/>.</param>
    /// <param name="probabilities">Per sample, the probability of each class in the order of <paramref name="classes"/> (a row summing to 1).</param>
    /// <param name="classes">The classes, in the order of the probability columns.</param>
    /// <param name="sampleWeights">Optional weight of each sample: finite, at least 0, not all 0.</param>
    /// <returns>
    /// The loss, at least 0. As scikit-learn does, each probability is clipped to [ε, 1 − ε] with
    /// ε = <see cref="LogLossEpsilon"/> and each row then divided by its sum.
    /// </returns>
    /// <exception cref="ArgumentNullException">An argument (or a row) is null.</exception>
    /// <exception cref="ArgumentException">
    /// The counts differ or are 0; a row has not one value per class, holds a value outside [0, 1] or NaN, or does not
    /// sum to 1 (within 10⁻⁵); a label is not one of the classes; or a weight is bad.
    /// </exception>
    public static double LogLoss<TLabel>(
        IReadOnlyList<TLabel> actual, IReadOnlyList<IReadOnlyList<double>> probabilities, IReadOnlyList<TLabel> classes, IReadOnlyList<double>? sampleWeights = null)
        where TLabel : notnull
    {
        var (_, actualClasses, weights) = RequireProbabilities(actual, probabilities, classes, sampleWeights);
        double loss = 0, total = 0;
        for (var i = 0; i < actualClasses.Length; i++)
        {
            var row = probabilities[i];
            var clippedSum = 0.0;
            for (var k = 0; k < row.Count; k++)
            {
                clippedSum += Clip(row[k]);
            }

            var weight = SampleWeights.Of(weights, i);
            loss -= weight * Math.Log(Clip(row[actualClasses[i]]) / clippedSum);
            total += weight;
        }

        return loss / total;
    }

    private static double Clip(double probability) => Math.Clamp(probability, LogLossEpsilon, 1 - LogLossEpsilon);

    /// <summary>
    /// The weighted Mann–Whitney statistic: with the samples in falling score order and tied scores taken together,
    /// each group adds its negatives' weight × (the positives' weight above it + half of the positives' weight in it).
    /// </summary>
    private static double BinaryRocAuc(int count, Func<int, bool> isPositive, Func<int, double> score, double[]? weights, string what, string actualName = "actual")
    {
        var order = new int[count];
        var keys = new double[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
            keys[i] = -score(i);
        }

        Array.Sort(keys, order);
        double positivesAbove = 0, area = 0, negatives = 0;
        for (var start = 0; start < count;)
        {
            var end = start;
            double groupPositives = 0, groupNegatives = 0;
            while (end < count && keys[end] == keys[start])
            {
                var weight = SampleWeights.Of(weights, order[end]);
                if (isPositive(order[end]))
                {
                    groupPositives += weight;
                }
                else
                {
                    groupNegatives += weight;
                }

                end++;
            }

            area += groupNegatives * (positivesAbove + (groupPositives / 2));
            positivesAbove += groupPositives;
            negatives += groupNegatives;
            start = end;
        }

        if (positivesAbove == 0 || negatives == 0)
        {
            throw new ArgumentException(
                $"ROC AUC is undefined when only one class is present: {what} {(positivesAbove == 0 ? "no positive" : "no negative")} samples (of non-zero weight).",
                actualName);
        }

        return area / (positivesAbove * negatives);
    }

    private static (LabelClasses<TLabel> Classes, int[] Actual, double[]? Weights) RequireProbabilities<TLabel>(
        IReadOnlyList<TLabel> actual, IReadOnlyList<IReadOnlyList<double>> probabilities, IReadOnlyList<TLabel> classes, IReadOnlyList<double>? sampleWeights)
        where TLabel : notnull
    {
        RequirePairs(actual, probabilities, nameof(probabilities));
        ArgumentNullException.ThrowIfNull(classes);
        var labelClasses = LabelClasses<TLabel>.Create(classes, nameof(classes));
        var actualClasses = labelClasses.Encode(actual, nameof(actual));
        for (var i = 0; i < probabilities.Count; i++)
        {
            var row = probabilities[i] ?? throw new ArgumentNullException(nameof(probabilities), string.Create(CultureInfo.InvariantCulture, $"probabilities[{i}] is null."));
            if (row.Count != labelClasses.Count)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"probabilities[{i}] has {row.Count} values, but there are {labelClasses.Count} classes (one probability each)."),
                    nameof(probabilities));
            }

            var sum = 0.0;
            for (var k = 0; k < row.Count; k++)
            {
                RequireProbability(row[k], nameof(probabilities), string.Create(CultureInfo.InvariantCulture, $"[{i}][{k}]"));
                sum += row[k];
            }

            if (Math.Abs(sum - 1) > ProbabilitySumTolerance)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"probabilities[{i}] sums to {sum}; class probabilities must sum to 1."), nameof(probabilities));
            }
        }

        return (labelClasses, actualClasses, SampleWeights.Require(sampleWeights, actual.Count));
    }

    private static void RequireProbability(double value, string parameterName, string position)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{parameterName}{position} is {value}; a probability must be in [0, 1]."), parameterName);
        }
    }

    private static void RequireNotNaN(IReadOnlyList<double> values, string parameterName)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (double.IsNaN(values[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{parameterName}[{i}] is NaN."), parameterName);
            }
        }
    }
}
