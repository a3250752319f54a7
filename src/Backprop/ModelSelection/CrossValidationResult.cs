namespace Backprop;

/// <summary>The per-fold scores of <see cref="ModelSelection.CrossValidate"/>, with their mean and standard deviation.</summary>
public sealed class CrossValidationResult
{
    internal CrossValidationResult(double[] scores)
    {
        Scores = Array.AsReadOnly(scores);
        Mean = scores.Average();
        var squares = 0.0;
        foreach (var score in scores)
        {
            squares += (score - Mean) * (score - Mean);
        }

        StandardDeviation = Math.Sqrt(squares / scores.Length);
    }

    /// <summary>The score of each fold, in the order of the folds.</summary>
    public IReadOnlyList<double> Scores { get; }

    /// <summary>The mean of <see cref="Scores"/>.</summary>
    public double Mean { get; }

    /// <summary>
    /// The population standard deviation of <see cref="Scores"/>, <c>√(Σ (sᵢ − mean)² / folds)</c> (what NumPy's
    /// <c>scores.std()</c> gives for scikit-learn's <c>cross_val_score</c>); 0 for a single fold.
    /// </summary>
    public double StandardDeviation { get; }

    /// <inheritdoc />
    public override string ToString()
        => FormattableString.Invariant($"{Mean:0.####} ± {StandardDeviation:0.####} over {Scores.Count} folds");
}
