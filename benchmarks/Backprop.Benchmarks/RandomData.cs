using System.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Benchmarks;

/// <summary>Seeded random data: the same seed gives the same numbers on every run.</summary>
public static class RandomData
{
    /// <summary>A <c>rows × columns</c> matrix of values uniform in [0, 1).</summary>
    public static Matrix<T> Uniform<T>(Random random, int rows, int columns)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(random);
        return Matrix<T>.Build.Dense(rows, columns, (_, _) => T.CreateChecked(random.NextDouble()));
    }

    /// <summary>A <c>classes × columns</c> matrix whose columns are one-hot targets of random classes.</summary>
    public static Matrix<T> OneHot<T>(Random random, int classes, int columns)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(random);
        var targets = Matrix<T>.Build.Dense(classes, columns);
        for (var j = 0; j < columns; j++)
        {
            targets[random.Next(classes), j] = T.One;
        }

        return targets;
    }

    /// <summary>An array of <paramref name="length"/> values uniform in [-1, 1).</summary>
    public static T[] Array<T>(Random random, int length)
        where T : struct, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(random);
        var values = new T[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = T.CreateChecked((2.0 * random.NextDouble()) - 1.0);
        }

        return values;
    }
}
