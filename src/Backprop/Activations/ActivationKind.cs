using System.Globalization;
using System.Numerics;

namespace Backprop;

/// <summary>
/// A built-in activation's entry in model files: the name it is saved under, the names of its parameters, and how it
/// is rebuilt from their values. Each built-in activation type declares its own (<c>EluActivation&lt;T&gt;.Kind</c>);
/// <see cref="Activation{T}.BuiltInKinds"/> lists them, and nothing else can be named by a file.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
/// <remarks>
/// A saved name is <c>name</c>, or <c>name(p)</c> with each parameter written as .NET's round-trip invariant text of
/// the double (<c>elu(0.5)</c>, <c>leaky-relu(0.01)</c>); only that exact spelling names the activation, so that a
/// name is the same string in every file that means it.
/// </remarks>
internal sealed class ActivationKind<T>
    where T : struct, IFloatingPointIeee754<T>
{
    private readonly Func<double[], Activation<T>> _create;

    /// <summary>Declares a built-in activation.</summary>
    /// <param name="name">The name in files, without parameters (<c>"elu"</c>).</param>
    /// <param name="parameterNames">The names of its parameters, for messages (<c>["alpha"]</c>), or none.</param>
    /// <param name="create">
    /// Builds the activation from that many parameter values (finite), throwing
    /// <see cref="ArgumentOutOfRangeException"/> for a value it does not accept.
    /// </param>
    public ActivationKind(string name, string[] parameterNames, Func<double[], Activation<T>> create)
    {
        Name = name;
        ParameterNames = parameterNames;
        _create = create;
    }

    /// <summary>The name in files, without parameters.</summary>
    public string Name { get; }

    /// <summary>The names of the parameters, in the order the saved name lists them.</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>How a file spells the activation, for messages: <c>elu(alpha)</c>.</summary>
    public string Usage => ParameterNames.Count == 0 ? Name : $"{Name}({string.Join(",", ParameterNames)})";

    /// <summary>The names a file may give, for messages.</summary>
    public static string List => string.Join(", ", Activation<T>.BuiltInKinds.Select(kind => kind.Usage));

    /// <summary>The element type's name in messages (<c>float</c>, <c>double</c>).</summary>
    private static string ElementTypeName => typeof(T) == typeof(float) ? "float" : typeof(T) == typeof(double) ? "double" : typeof(T).Name;

    /// <summary>The saved name of the activation with these parameter values: <c>elu(0.5)</c>.</summary>
    public string NameWith(params ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return Name;
        }

        var texts = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            texts[i] = values[i].ToString("R", CultureInfo.InvariantCulture);
        }

        return $"{Name}({string.Join(",", texts)})";
    }

    /// <summary>
    /// The built-in activation with this exact (canonical) saved name, or null with the reason. Only the entries of
    /// <see cref="Activation{T}.BuiltInKinds"/> are ever built.
    /// </summary>
    public static Activation<T>? Find(string name, out string? problem)
    {
        problem = null;
        var open = name.IndexOf('(', StringComparison.Ordinal);
        var family = open < 0 ? name : name[..open];
        var kind = Activation<T>.BuiltInKinds.FirstOrDefault(candidate => candidate.Name == family);
        if (kind is null || !TryParseParameters(name, open, out var values) || values.Length != kind.ParameterNames.Count)
        {
            return null;
        }

        Activation<T> activation;
        try
        {
            activation = kind._create(values);
        }
        catch (ArgumentOutOfRangeException exception)
        {
            // The first line is the rule; the second, .NET's "Actual value was …", repeats the name.
            problem = exception.Message.Split('\n')[0].Trim();
            return null;
        }

        return activation.Name == name ? activation : null;
    }

    /// <summary>
    /// A parameter converted to <typeparamref name="T"/>, refused (<see cref="ArgumentOutOfRangeException"/>) when it
    /// is not finite or breaks the rule, as given or as <typeparamref name="T"/> holds it (1E+39 is ∞ as a float, and
    /// 0.99999999999 is 1).
    /// </summary>
    /// <param name="value">The parameter as given.</param>
    /// <param name="parameterName">Its name, for the exception.</param>
    /// <param name="isValid">The rule for a finite value.</param>
    /// <param name="rule">The rule in words, finiteness included, for the exception: "The ELU α must be finite and greater than 0."</param>
    /// <returns>The parameter as <typeparamref name="T"/>.</returns>
    public static T Parameter(double value, string parameterName, Func<double, bool> isValid, string rule)
    {
        if (!double.IsFinite(value) || !isValid(value))
        {
            throw new ArgumentOutOfRangeException(parameterName, value, rule);
        }

        var converted = T.CreateChecked(value);
        var held = double.CreateChecked(converted);
        if (!double.IsFinite(held) || !isValid(held))
        {
            throw new ArgumentOutOfRangeException(
                parameterName,
                value,
                string.Create(CultureInfo.InvariantCulture, $"{rule} {value:R} is not representable in {ElementTypeName}, which holds it as {held:R}."));
        }

        return converted;
    }

    private static bool TryParseParameters(string name, int open, out double[] values)
    {
        values = [];
        if (open < 0)
        {
            return true;
        }

        if (!name.EndsWith(')'))
        {
            return false;
        }

        var texts = name[(open + 1)..^1].Split(',');
        values = new double[texts.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            if (!double.TryParse(texts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                return false;
            }
        }

        return true;
    }
}
