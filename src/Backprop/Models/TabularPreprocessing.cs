using System.Globalization;
using Backprop.Data;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// What a <see cref="Classifier{TLabel}"/> or <see cref="Regressor"/> does to a row before its network sees it,
/// fitted on the training rows and kept inside the model (and its file): fill missing values
/// (<see cref="MissingValues"/>), one-hot encode the categorical columns, then standardise
/// (<see cref="Standardizer"/>). Read-only.
/// </summary>
/// <remarks>
/// <para>
/// A row is an array of <see cref="FeatureCount"/> raw values in the order of <see cref="FeatureNames"/>: a number,
/// NaN for a missing value, and for a categorical column one of its categories' values (for a column that held text
/// in a CSV file, the category's index in <see cref="Categories"/>).
/// </para>
/// <para>
/// The encoded row has <see cref="EncodedFeatureCount"/> values: each numeric column, or one 0/1 indicator per category
/// of a categorical column, in column order. The standardiser covers all of them; the indicators have mean 0 and
/// standard deviation 1 in it, so they stay 0/1.
/// </para>
/// </remarks>
public sealed class TabularPreprocessing
{
    private readonly FeatureColumn[] _columns;
    private readonly double[] _offsets;
    private readonly double[] _scales;

    internal TabularPreprocessing(FeatureColumn[] columns, MissingValuePolicy missingValues, Standardizer<double> standardizer)
    {
        _columns = columns;
        MissingValues = missingValues;
        Standardizer = standardizer;
        EncodedFeatureCount = columns.Sum(column => column.Width);
        if (standardizer.FeatureCount != EncodedFeatureCount)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The standardiser has {standardizer.FeatureCount} features but the columns encode to {EncodedFeatureCount}."),
                nameof(standardizer));
        }

        _offsets = [.. standardizer.Means];
        _scales = [.. Enumerable.Range(0, EncodedFeatureCount).Select(standardizer.Scale)];
        FeatureNames = Array.AsReadOnly(columns.Select(column => column.Name).ToArray());
        CategoricalColumns = Array.AsReadOnly(columns.Where(column => column.IsCategorical).Select(column => column.Name).ToArray());
        ImputedValues = Array.AsReadOnly(columns.Select(column => column.ImputedValue).ToArray());
    }

    /// <summary>The raw columns, in row order.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The number of raw values per row.</summary>
    public int FeatureCount => _columns.Length;

    /// <summary>The number of values per encoded row: the network's inputs.</summary>
    public int EncodedFeatureCount { get; }

    /// <summary>The missing-value policy the model was fitted with.</summary>
    public MissingValuePolicy MissingValues { get; }

    /// <summary>Per raw column, the value a missing cell gets (the training mean or most frequent category), or NaN when missing values are refused.</summary>
    public IReadOnlyList<double> ImputedValues { get; }

    /// <summary>The one-hot encoded columns.</summary>
    public IReadOnlyList<string> CategoricalColumns { get; }

    /// <summary>The standardisation of the encoded row, fitted on the training rows (rebuildable with <see cref="Standardizer{T}.FromStatistics"/>).</summary>
    public Standardizer<double> Standardizer { get; }

    internal IReadOnlyList<FeatureColumn> Columns => _columns;

    /// <summary>The categories of a categorical column, in encoding order: their text, or their values as invariant text.</summary>
    /// <param name="column">The column's name.</param>
    /// <returns>The categories.</returns>
    /// <exception cref="ArgumentException">The model has no categorical column of that name.</exception>
    public IReadOnlyList<string> Categories(string column)
    {
        var found = _columns.FirstOrDefault(c => c.Name == column && c.IsCategorical)
            ?? throw new ArgumentException($"The model has no categorical column '{column}'; its categorical columns are {string.Join(", ", CategoricalColumns.Select(n => $"'{n}'"))}.", nameof(column));
        return Array.AsReadOnly(found.CategoryNames ?? [.. found.CategoryValues!.Select(v => v.ToString("R", CultureInfo.InvariantCulture))]);
    }

    /// <summary>Fits the preprocessing on the training rows; refuses or imputes missing values as the options say.</summary>
    /// <exception cref="ArgumentException">A value is missing and refused, infinite, a named categorical column does not exist, or a column has no value to impute from.</exception>
    internal static TabularPreprocessing Fit(RawTable table, ModelOptions options, string parameterName)
    {
        var width = table.Names.Length;
        foreach (var name in options.CategoricalColumns)
        {
            if (Array.IndexOf(table.Names, name) < 0)
            {
                throw new ArgumentException($"CategoricalColumns names '{name}', which is not a column of the data ({string.Join(", ", table.Names.Select(n => $"'{n}'"))}).", nameof(options));
            }
        }

        var columns = new FeatureColumn[width];
        for (var c = 0; c < width; c++)
        {
            var values = new List<double>(table.Rows.Length);
            for (var r = 0; r < table.Rows.Length; r++)
            {
                var v = table.Rows[r][c];
                if (double.IsNaN(v))
                {
                    if (options.MissingValues == MissingValuePolicy.Refuse)
                    {
                        throw new ArgumentException(
                            $"{Capitalized(table.Where(r, c))} is missing; set MissingValues = MissingValuePolicy.Impute to fill missing values from the training rows.", parameterName);
                    }

                    continue;
                }

                if (!double.IsFinite(v))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{Capitalized(table.Where(r, c))} is {v}; features must be finite (NaN means missing)."), parameterName);
                }

                values.Add(v);
            }

            if (values.Count == 0)
            {
                throw new ArgumentException($"Column '{table.Names[c]}' has no value in any training row, so there is nothing to learn or impute from.", parameterName);
            }

            var text = table.TextCategories[c];
            var categorical = text is not null || options.CategoricalColumns.Contains(table.Names[c]);
            double[]? categories = null;
            double imputed = double.NaN;
            if (categorical)
            {
                categories = text is not null ? [.. Enumerable.Range(0, text.Length).Select(k => (double)k)] : [.. values.Distinct().Order()];
                if (options.MissingValues == MissingValuePolicy.Impute)
                {
                    // The most frequent category; of equally frequent ones the first in encoding order.
                    imputed = values.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
                }
            }
            else if (options.MissingValues == MissingValuePolicy.Impute)
            {
                imputed = values.Average();
            }

            columns[c] = new FeatureColumn(table.Names[c], categories, text, imputed);
        }

        // Encode unstandardised (identity standardiser), then fit the standardiser on the encoded training rows.
        var encodedWidth = columns.Sum(column => column.Width);
        var identity = Data.Standardizer<double>.FromStatistics(new double[encodedWidth], [.. Enumerable.Repeat(1.0, encodedWidth)]);
        var raw = new TabularPreprocessing(columns, options.MissingValues, identity);
        var encoded = raw.EncodeAll(table, parameterName);
        var fitted = Data.Standardizer<double>.Fit(encoded);
        var means = fitted.Means.ToArray();
        var deviations = fitted.StandardDeviations.ToArray();
        var e = 0;
        foreach (var column in columns)
        {
            if (column.IsCategorical)
            {
                for (var k = 0; k < column.Width; k++)
                {
                    means[e + k] = 0;
                    deviations[e + k] = 1;
                }
            }

            e += column.Width;
        }

        return new TabularPreprocessing(columns, options.MissingValues, Data.Standardizer<double>.FromStatistics(means, deviations));
    }

    /// <summary>Encodes and standardises one row into <paramref name="encoded"/> (<see cref="EncodedFeatureCount"/> values); allocates nothing unless it throws.</summary>
    /// <exception cref="ArgumentException">The row has the wrong length, a refused missing value, an infinite value or an unknown category (the message names the column and the value).</exception>
    internal void Encode(ReadOnlySpan<double> row, Span<double> encoded, string parameterName, int rowIndex = -1, RawTable? source = null)
    {
        if (row.Length != _columns.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected a row of {_columns.Length} features ({Join(FeatureNames)}) but got {row.Length} values."), parameterName);
        }

        var e = 0;
        for (var c = 0; c < _columns.Length; c++)
        {
            var column = _columns[c];
            var v = row[c];
            if (double.IsNaN(v))
            {
                if (MissingValues == MissingValuePolicy.Refuse)
                {
                    throw new ArgumentException($"{Capitalized(Where(rowIndex, c, source))} is missing (NaN), and the model was fitted to refuse missing values.", parameterName);
                }

                v = column.ImputedValue;
            }
            else if (!double.IsFinite(v))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{Capitalized(Where(rowIndex, c, source))} is {v}; features must be finite (NaN means missing)."), parameterName);
            }

            if (column.IsCategorical)
            {
                var k = column.CategoryOf(v);
                if (k < 0)
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"{Capitalized(Where(rowIndex, c, source))} is {v}, a category the model never saw; its categories are {Join(Categories(column.Name))}{(column.IsText ? " (a row array holds a text category's index)" : string.Empty)}."),
                        parameterName);
                }

                for (var j = 0; j < column.Width; j++)
                {
                    encoded[e + j] = j == k ? 1 : 0;
                }

                e += column.Width;
            }
            else
            {
                encoded[e++] = v;
            }
        }

        for (var i = 0; i < encoded.Length; i++)
        {
            encoded[i] = (encoded[i] - _offsets[i]) / _scales[i];
        }
    }

    /// <summary>Encodes every row of a table: <c>EncodedFeatureCount × rows</c>.</summary>
    internal Matrix<double> EncodeAll(RawTable table, string parameterName)
    {
        var width = EncodedFeatureCount;
        var values = new double[width * table.Rows.Length];
        for (var r = 0; r < table.Rows.Length; r++)
        {
            Encode(table.Rows[r], values.AsSpan(r * width, width), parameterName, r, table);
        }

        return Matrix<double>.Build.Dense(width, table.Rows.Length, values);
    }

    /// <summary>Rows given as arrays, in the model's column layout.</summary>
    internal RawTable Table(IReadOnlyList<double[]> rows, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(rows, parameterName);
        var copy = new double[rows.Count][];
        for (var r = 0; r < copy.Length; r++)
        {
            copy[r] = rows[r] ?? throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Row {r} is null."), parameterName);
        }

        return new RawTable([.. FeatureNames], copy, [.. _columns.Select(c => c.CategoryNames)]);
    }

    private string Where(int row, int column, RawTable? source)
        => source is not null ? source.Where(row, column)
            : row >= 0 ? string.Create(CultureInfo.InvariantCulture, $"row {row}, column '{_columns[column].Name}' (index {column})")
            : string.Create(CultureInfo.InvariantCulture, $"column '{_columns[column].Name}' (index {column})");

    private static string Capitalized(string text) => text.Length > 0 && char.IsLower(text[0]) ? char.ToUpperInvariant(text[0]) + text[1..] : text;

    private static string Join(IEnumerable<string> names)
    {
        var list = names.Take(21).ToList();
        return string.Join(", ", list.Take(20).Select(n => $"'{n}'")) + (list.Count > 20 ? ", …" : string.Empty);
    }
}
