using System.Collections.ObjectModel;
using System.Globalization;
using System.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Data;

/// <summary>Column (sample) bookkeeping shared by the dataset types: gathers and name lists.</summary>
internal static class DatasetColumns
{
    /// <summary>Throws unless <paramref name="indices"/> split exactly <paramref name="count"/> samples.</summary>
    public static void RequireSplitOf(TrainTestIndices indices, int count)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Count != count)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The indices split {indices.Count} samples, but the dataset has {count}."), nameof(indices));
        }
    }

    /// <summary>The column-major values of a matrix (its own storage when it is dense).</summary>
    public static T[] Values<T>(Matrix<T> matrix)
        where T : struct, IFloatingPointIeee754<T>
        => matrix.AsColumnMajorArray() ?? matrix.ToColumnMajorArray();

    /// <summary>The given columns of a <c>rows × n</c> matrix, in the given order.</summary>
    public static Matrix<T> Gather<T>(Matrix<T> matrix, ReadOnlySpan<int> columns)
        where T : struct, IFloatingPointIeee754<T>
    {
        var source = Values(matrix);
        var rows = matrix.RowCount;
        var result = new T[rows * columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            source.AsSpan(columns[c] * rows, rows).CopyTo(result.AsSpan(c * rows, rows));
        }

        return Matrix<T>.Build.Dense(rows, columns.Length, result);
    }

    /// <summary><paramref name="names"/> copied, or <c>"{prefix}0" … </c> when null; throws when the count is wrong.</summary>
    public static ReadOnlyCollection<string> Names(IReadOnlyList<string>? names, int count, string prefix, string parameterName)
    {
        if (names is null)
        {
            var generated = new string[count];
            for (var i = 0; i < count; i++)
            {
                generated[i] = prefix + i.ToString(CultureInfo.InvariantCulture);
            }

            return Array.AsReadOnly(generated);
        }

        if (names.Count != count)
        {
            throw new ArgumentException($"Expected {count} names in {parameterName} but got {names.Count}.", parameterName);
        }

        var copy = names.ToArray();
        for (var i = 0; i < copy.Length; i++)
        {
            if (copy[i] is null)
            {
                throw new ArgumentException($"{parameterName}[{i}] is null.", parameterName);
            }
        }

        return Array.AsReadOnly(copy);
    }
}
