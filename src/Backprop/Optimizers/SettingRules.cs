using System.Globalization;
using System.Numerics;

namespace Backprop;

/// <summary>
/// The range checks of optimizer and schedule settings, made where a setting is set (constructor or setter). A
/// generic check holds the value to its rule twice: as given, and as the element type <c>T</c>
/// will hold it, since 1e308 overflows a float, 1e-50 vanishes in one and 0.999999999 rounds to 1. Each throws
/// <see cref="ArgumentOutOfRangeException"/> whose parameter name is the setting and whose message says the value
/// and the rule. Loading a checkpoint goes through the same constructors and setters, hence the same checks.
/// </summary>
internal static class SettingRules
{
    /// <summary>
    /// The largest learning rate, weight decay or schedule floor accepted (10⁶): far above any rate that trains, and
    /// low enough that a file's 1e308 is refused instead of diverging at the first step.
    /// </summary>
    public const double MaxRate = 1e6;

    /// <summary>Greater than 0 and at most <see cref="MaxRate"/> (learning rates).</summary>
    public static double LearningRate<T>(double value, string name)
        where T : struct, IFloatingPointIeee754<T>
        => Check<T>(value, name, v => v > 0 && v <= MaxRate, "finite, greater than 0 and at most 1000000");

    /// <summary>At least 0 and at most <see cref="MaxRate"/> (weight decays, a schedule's floor rate).</summary>
    public static double Coefficient<T>(double value, string name)
        where T : struct, IFloatingPointIeee754<T>
        => Check<T>(value, name, v => v >= 0 && v <= MaxRate, "finite, at least 0 and at most 1000000");

    /// <summary>
    /// Greater than 0 and at most 1 (the ε of Adam and RMSProp): an ε of 1e308 is finite but divides every update
    /// down to nothing, freezing the model without a sign.
    /// </summary>
    public static double Epsilon<T>(double value, string name)
        where T : struct, IFloatingPointIeee754<T>
        => Check<T>(value, name, v => v > 0 && v <= 1, "finite, greater than 0 and at most 1");

    /// <summary>Finite and greater than 0 (clip norms, step sizes).</summary>
    public static double Positive<T>(double value, string name)
        where T : struct, IFloatingPointIeee754<T>
        => Check<T>(value, name, v => double.IsFinite(v) && v > 0, "finite and greater than 0");

    /// <summary>In [0, 1) (decay rates β, α and momentum μ).</summary>
    public static double Fraction<T>(double value, string name)
        where T : struct, IFloatingPointIeee754<T>
        => Check<T>(value, name, v => v >= 0 && v < 1, "in [0, 1)");

    /// <summary>In (0, 1) (the Armijo constant, the Rprop shrink factor).</summary>
    public static double OpenUnit<T>(double value, string name)
        where T : struct, IFloatingPointIeee754<T>
        => Check<T>(value, name, v => v > 0 && v < 1, "in (0, 1)");

    /// <summary>Finite and greater than 1 (the Rprop growth factor).</summary>
    public static double AboveOne<T>(double value, string name)
        where T : struct, IFloatingPointIeee754<T>
        => Check<T>(value, name, v => double.IsFinite(v) && v > 1, "finite and greater than 1");

    /// <summary>In (0, 1], for a schedule's decay factor.</summary>
    public static double DecayFactor(double value, string name) => Check<double>(value, name, v => v > 0 && v <= 1, "in (0, 1]");

    /// <summary>At least <paramref name="minimum"/>.</summary>
    public static long AtLeast(long value, long minimum, string name)
        => value >= minimum ? value : throw OutOfRange(name, value, FormattableString.Invariant($"at least {minimum}"));

    /// <summary>In [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public static int Within(int value, int minimum, int maximum, string name)
        => value >= minimum && value <= maximum ? value : throw OutOfRange(name, value, FormattableString.Invariant($"in [{minimum}, {maximum}]"));

    /// <summary>The exception for a setting that breaks its rule: "<c>name = value is out of range; it must be rule.</c>"</summary>
    public static ArgumentOutOfRangeException OutOfRange(string name, object value, string rule)
        => new(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} = {Format(value)} is out of range; it must be {rule}."));

    private static double Check<T>(double value, string name, Func<double, bool> holds, string rule)
        where T : struct, IFloatingPointIeee754<T>
    {
        if (!holds(value))
        {
            throw OutOfRange(name, value, rule);
        }

        var held = double.CreateChecked(T.CreateSaturating(value));
        if (!holds(held))
        {
            throw OutOfRange(name, value, string.Create(CultureInfo.InvariantCulture, $"{rule} as a {typeof(T).Name}, which would hold it as {held:R}"));
        }

        return value;
    }

    private static string Format(object value) => value is double number ? number.ToString("R", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture)!;
}
