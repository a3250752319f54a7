using System.Globalization;
using System.Text;

namespace Backprop;

/// <summary>
/// Per-class precision, recall, F1 score and support of predicted labels against actual ones, their macro and
/// weighted averages and the accuracy: scikit-learn's <c>classification_report</c>. Made by
/// <see cref="Metrics.ClassificationReport{TLabel}"/>.
/// </summary>
/// <typeparam name="TLabel">The label type.</typeparam>
/// <remarks>
/// The zero-division rule is scikit-learn's default (<c>zero_division="warn"</c>, which scores 0), without the
/// warning: a precision with no sample predicted as the class, a recall with no sample of the class, and an F1
/// score whose precision and recall are both 0, are 0. With sample weights every count is a sum of weights.
/// </remarks>
public sealed class ClassificationReport<TLabel>
    where TLabel : notnull
{
    /// <summary>The heading of the longest summary line; scikit-learn sizes the first column to fit it.</summary>
    private const string WeightedHeading = "weighted avg";

    private readonly ClassScores[] _scores;
    private readonly Dictionary<TLabel, int> _index;
    private readonly bool _weighted;

    internal ClassificationReport(IReadOnlyList<TLabel> classes, ClassScores[] scores, double accuracy, bool weighted)
    {
        Classes = classes;
        _scores = scores;
        PerClass = Array.AsReadOnly(scores);
        _weighted = weighted;
        _index = new Dictionary<TLabel, int>(classes.Count);
        for (var k = 0; k < classes.Count; k++)
        {
            _index.Add(classes[k], k);
        }

        Accuracy = accuracy;
        var support = scores.Sum(s => s.Support);
        MacroAverage = new ClassScores(scores.Average(s => s.Precision), scores.Average(s => s.Recall), scores.Average(s => s.F1Score), support);
        WeightedAverage = support == 0
            ? new ClassScores(0, 0, 0, 0)
            : new ClassScores(
                scores.Sum(s => s.Precision * s.Support) / support,
                scores.Sum(s => s.Recall * s.Support) / support,
                scores.Sum(s => s.F1Score * s.Support) / support,
                support);
    }

    /// <summary>The classes, in the report's order (the order of <see cref="PerClass"/>).</summary>
    public IReadOnlyList<TLabel> Classes { get; }

    /// <summary>The scores of each class, in the order of <see cref="Classes"/>.</summary>
    public IReadOnlyList<ClassScores> PerClass { get; }

    /// <summary>The unweighted mean of each score over the classes (support: all samples).</summary>
    public ClassScores MacroAverage { get; }

    /// <summary>The mean of each score over the classes weighted by their support (support: all samples).</summary>
    public ClassScores WeightedAverage { get; }

    /// <summary>The (weighted) fraction of samples whose predicted label is the actual one.</summary>
    public double Accuracy { get; }

    /// <summary>The scores of one class.</summary>
    /// <param name="label">One of <see cref="Classes"/>.</param>
    /// <returns>Its precision, recall, F1 score and support.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="label"/> is null.</exception>
    /// <exception cref="KeyNotFoundException"><paramref name="label"/> is not one of <see cref="Classes"/>.</exception>
    public ClassScores this[TLabel label]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(label);
            return _index.TryGetValue(label, out var k)
                ? _scores[k]
                : throw new KeyNotFoundException($"{LabelClasses<TLabel>.Show(label)} is not one of the report's classes.");
        }
    }

    /// <summary>
    /// The report as text, laid out as scikit-learn's <c>classification_report</c>: a header, a blank line, one line
    /// per class, a blank line, then accuracy, macro avg and weighted avg. The first column is right-aligned and as
    /// wide as the longest class name (at least 12, the width of "weighted avg"); each other column takes 10
    /// characters; scores have <paramref name="digits"/> decimals; support is a whole number (without sample
    /// weights) or the total weight.
    /// </summary>
    /// <param name="digits">Decimals of the scores, 0 to 15 (default 2, as scikit-learn).</param>
    /// <returns>The text, each line ended by <see cref="Environment.NewLine"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="digits"/> is outside 0 to 15.</exception>
    public string ToText(int digits = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 15);
        var names = Classes.Select(Name).ToArray();
        var width = Math.Max(Math.Max(names.Max(n => n.Length), WeightedHeading.Length), digits);
        var text = new StringBuilder();
        text.Append(string.Empty.PadLeft(width)).Append(' ');
        foreach (var header in new[] { "precision", "recall", "f1-score", "support" })
        {
            text.Append(' ').Append(header.PadLeft(9));
        }

        text.AppendLine().AppendLine();
        for (var k = 0; k < names.Length; k++)
        {
            Row(text, names[k], _scores[k], width, digits);
        }

        text.AppendLine();
        text.Append("accuracy".PadLeft(width)).Append(' ')
            .Append(' ', 20)
            .Append(' ').Append(Score(Accuracy, digits).PadLeft(9))
            .Append(' ').Append(Support(MacroAverage.Support).PadLeft(9))
            .AppendLine();
        Row(text, "macro avg", MacroAverage, width, digits);
        Row(text, WeightedHeading, WeightedAverage, width, digits);
        return text.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => ToText();

    private static string Name(TLabel label)
        => label is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : label.ToString() ?? string.Empty;

    private static string Score(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private void Row(StringBuilder text, string heading, ClassScores scores, int width, int digits)
    {
        text.Append(heading.PadLeft(width)).Append(' ');
        foreach (var value in new[] { scores.Precision, scores.Recall, scores.F1Score })
        {
            text.Append(' ').Append(Score(value, digits).PadLeft(9));
        }

        text.Append(' ').Append(Support(scores.Support).PadLeft(9)).AppendLine();
    }

    /// <summary>A count as a whole number; a total weight as Python prints a float (shortest round trip, ".0" when whole).</summary>
    private string Support(double support)
    {
        if (!_weighted)
        {
            return support.ToString("F0", CultureInfo.InvariantCulture);
        }

        var text = support.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }
}
