using System.Collections.ObjectModel;
using System.Globalization;
using System.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Data;

/// <summary>Column (sample) bookkeeping shared by the dataset types: seeded splits, gathers and name lists.</summary>
internal static class DatasetColumns
{
    /// <summary>
    /// A seeded permutation of <c>0 … count − 1</c> cut in two: the first part for training, the last
    /// <c>⌊count · validationFraction⌋</c> for validation (the rule of the trainer's validation fraction).
    /// </summary>
    public static (int[] Training, int[] Validation) SplitOrder(int count, double validationFraction, int seed)
    {
        if (!double.IsFinite(validationFraction) || validationFraction <= 0 || validationFraction >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "The validation fraction must be strictly between 0 and 1.");
        }

        var held = (int)Math.Floor(count * validationFraction);
        if (held == 0 || held == count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(validationFraction),
                validationFraction,
                $"A validation fraction of {validationFraction.ToString(CultureInfo.InvariantCulture)} of {count} samples leaves {held} for validation and {count - held} for training; both need at least one.");
        }

        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        new Random(seed).Shuffle(order);
        return (order[..(count - held)], order[(count - held)..]);
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
