using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using Backprop.Kernels;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>The argument checks shared by the public entry points, with messages that name expected and actual values.</summary>
internal static class InputValidation
{
    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="matrix"/> is <c>rows × columns</c>.</summary>
    public static void RequireShape<T>(Matrix<T> matrix, int rows, int columns, string parameterName, string description)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (matrix.RowCount != rows || matrix.ColumnCount != columns)
        {
            throw new ArgumentException(
                $"Expected {description} to be {rows}×{columns} but {parameterName} is {matrix.RowCount}×{matrix.ColumnCount}.",
                parameterName);
        }
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="matrix"/> has <paramref name="rows"/> rows and at
    /// least one column; returns its column-major values (the matrix's own storage when it is dense).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T[] RequireRows<T>(Matrix<T> matrix, int rows, string parameterName, string description)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(matrix, parameterName);
        if (matrix.RowCount != rows || matrix.ColumnCount == 0)
        {
            ThrowRows(matrix, rows, parameterName, description);
        }

        return matrix.AsColumnMajorArray() ?? matrix.ToColumnMajorArray();
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value that is NaN or infinite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RequireFinite<T>(ReadOnlySpan<T> values, int rows, string parameterName)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (!(values.Length <= SmallLength ? AllFiniteScalar(values) : ElementwiseKernels.AllFinite(values)))
        {
            ThrowNotFinite(values, rows, parameterName);
        }
    }

    [DoesNotReturn]
    private static void ThrowRows<T>(Matrix<T> matrix, int rows, string parameterName, string description)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (matrix.RowCount != rows)
        {
            throw new ArgumentException(
                $"Expected {parameterName} to have {rows} rows ({description}, one column per sample) but it is {matrix.RowCount}×{matrix.ColumnCount}.",
                parameterName);
        }

        throw new ArgumentException($"{parameterName} has no columns: a batch needs at least one sample.", parameterName);
    }

    [DoesNotReturn]
    private static void ThrowNotFinite<T>(ReadOnlySpan<T> values, int rows, string parameterName)
        where T : struct, IFloatingPointIeee754<T>
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!T.IsFinite(values[i]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"{parameterName} must hold only finite values but has {values[i]} at row {i % rows}, column {i / rows}."),
                    parameterName);
            }
        }

        throw new UnreachableException("A value was found not finite and then finite.");
    }

    /// <summary>Up to this many values are checked one by one (one sample of a small network): cheaper than the vector loop's set-up.</summary>
    private const int SmallLength = 16;

    private static bool AllFiniteScalar<T>(ReadOnlySpan<T> values)
        where T : struct, IFloatingPointIeee754<T>
    {
        foreach (var value in values)
        {
            if (!T.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="value"/> is finite and positive,
    /// both as a double and once converted to <typeparamref name="T"/> (1e300 overflows a float, 1e-50 vanishes).
    /// </summary>
    public static T RequirePositiveFinite<T>(double value, string parameterName)
        where T : struct, IFloatingPointIeee754<T>
    {
        RequirePositiveFinite(value, parameterName);
        var converted = T.CreateSaturating(value);
        if (!T.IsFinite(converted) || converted <= T.Zero)
        {
            throw new ArgumentOutOfRangeException(
                parameterName, value, $"{parameterName} = {value.ToString(CultureInfo.InvariantCulture)} is not a finite positive {typeof(T).Name}.");
        }

        return converted;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless <paramref name="value"/> is finite and positive.</summary>
    public static double RequirePositiveFinite(double value, string parameterName)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"{parameterName} must be a finite number greater than 0 but is {value.ToString(CultureInfo.InvariantCulture)}.");
        }

        return value;
    }

    /// <summary>
    /// Validates a batch of inputs and targets for a network: rows, matching column counts and finite values.
    /// Returns both column-major arrays.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (T[] Inputs, T[] Targets) RequireBatch<T>(Matrix<T> inputs, Matrix<T> targets, int inputSize, int outputSize)
        where T : struct, IFloatingPointIeee754<T>
    {
        var inputValues = RequireRows(inputs, inputSize, nameof(inputs), "one per network input");
        var targetValues = RequireRows(targets, outputSize, nameof(targets), "one per network output");
        if (targets.ColumnCount != inputs.ColumnCount)
        {
            ThrowColumns(inputs.ColumnCount, targets.ColumnCount);
        }

        RequireFinite<T>(inputValues, inputSize, nameof(inputs));
        RequireFinite<T>(targetValues, outputSize, nameof(targets));
        return (inputValues, targetValues);
    }

    [DoesNotReturn]
    private static void ThrowColumns(int inputs, int targets)
        => throw new ArgumentException($"Expected targets with {inputs} columns (one per input sample) but got {targets}.", nameof(targets));
}
