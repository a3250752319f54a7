namespace Backprop;

/// <summary>
/// What a <see cref="Classifier{TLabel}"/> or <see cref="Regressor"/> does with a missing feature value: a NaN in a
/// row, or an empty, <c>NA</c> or <c>N/A</c> cell in a CSV file.
/// </summary>
public enum MissingValuePolicy
{
    /// <summary>Refuse (the default): fitting and prediction throw, naming the row and the column.</summary>
    Refuse,

    /// <summary>
    /// Impute with what the training rows hold: the mean of a numeric column, the most frequent category of a
    /// categorical one (the smallest of equally frequent ones). The same values fill missing cells at prediction.
    /// </summary>
    Impute,
}
