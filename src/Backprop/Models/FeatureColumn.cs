namespace Backprop;

/// <summary>
/// One input column of a tabular model as fitted: its name, whether it is one-hot encoded (and its categories),
/// and the value that fills it when missing.
/// </summary>
/// <param name="Name">The column's name (a CSV header, or <c>"column i"</c>).</param>
/// <param name="CategoryValues">For a categorical column, the raw value of each category in encoding order (for a text column, its index 0, 1, …); null for a numeric column.</param>
/// <param name="CategoryNames">For a text column, each category's text; null otherwise.</param>
/// <param name="ImputedValue">The value used for a missing cell, or NaN when missing values are refused.</param>
internal sealed record FeatureColumn(string Name, double[]? CategoryValues, string[]? CategoryNames, double ImputedValue)
{
    /// <summary>True when the column is one-hot encoded.</summary>
    public bool IsCategorical => CategoryValues is not null;

    /// <summary>True when the column's categories are text (a row array holds their index).</summary>
    public bool IsText => CategoryNames is not null;

    /// <summary>How many network inputs the column becomes.</summary>
    public int Width => CategoryValues?.Length ?? 1;

    /// <summary>The category index of a raw value, or −1.</summary>
    public int CategoryOf(double value)
    {
        var values = CategoryValues!;
        for (var k = 0; k < values.Length; k++)
        {
            if (values[k] == value)
            {
                return k;
            }
        }

        return -1;
    }
}
