using System.Numerics;
using System.Reflection;

namespace Backprop.Tests.Activations;

/// <summary>
/// <see cref="ActivationKind{T}"/>: each built-in activation's entry in model files, and the lookup by saved name that
/// is all a file can reach.
/// </summary>
public sealed class ActivationKindTests
{
    /// <summary>Every activation the public factory of <see cref="Activation{T}"/> makes, parametrised ones at their defaults.</summary>
    private static List<Activation<T>> EveryFactoryActivation<T>()
        where T : struct, IFloatingPointIeee754<T>
    {
        var factory = typeof(Activation<T>);
        var properties = factory.GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(property => typeof(Activation<T>).IsAssignableFrom(property.PropertyType))
            .Select(property => (Activation<T>)property.GetValue(null)!);
        var methods = factory.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(method => typeof(Activation<T>).IsAssignableFrom(method.ReturnType) && !method.IsSpecialName)
            .Select(method => (Activation<T>)method.Invoke(null, [.. method.GetParameters().Select(parameter => parameter.DefaultValue)])!);
        return [.. properties, .. methods];
    }

    [Fact]
    public void Every_activation_the_factory_makes_has_an_entry_that_rebuilds_it_from_its_saved_name()
    {
        // Given every factory member of Activation<double> and Activation<float> (ten of them, SiLU included)
        var doubles = EveryFactoryActivation<double>();
        var floats = EveryFactoryActivation<float>();

        // Then each is found by its saved name, as the same type under the same name: adding an activation to the
        // factory without listing its kind in Activation<T>.BuiltInKinds fails here
        doubles.Should().HaveCount(10).And.Contain(activation => activation.Name == "silu");
        foreach (var activation in doubles)
        {
            var found = ActivationKind<double>.Find(activation.Name, out _);
            found.Should().BeOfType(activation.GetType(), activation.Name);
            found!.Name.Should().Be(activation.Name);
        }

        foreach (var activation in floats)
        {
            ActivationKind<float>.Find(activation.Name, out _).Should().BeOfType(activation.GetType(), activation.Name);
        }
    }

    [Fact]
    public void Each_kind_has_its_own_name_and_the_message_list_shows_the_parameters()
    {
        Activation<double>.BuiltInKinds.Select(kind => kind.Name).Should().OnlyHaveUniqueItems();
        ActivationKind<double>.List.Should().Be("sigmoid, tanh, relu, identity, softplus, gelu-tanh, softmax, leaky-relu(slope), elu(alpha), silu");
    }

    [Theory]
    [InlineData("elu(0.5)", 0.5)]
    [InlineData("elu(1E+39)", 1e39)]
    [InlineData("leaky-relu(0.25)", 0.25)]
    public void A_parameter_is_read_back_from_its_round_trip_text(string name, double parameter)
    {
        var activation = ActivationKind<double>.Find(name, out var problem);

        problem.Should().BeNull();
        activation.Should().NotBeNull().And.Match<Activation<double>>(a => a.Name == name);
        var held = activation switch
        {
            EluActivation<double> elu => elu.Alpha,
            LeakyReluActivation<double> leaky => leaky.Slope,
            _ => double.NaN,
        };
        held.Should().Be(parameter);
    }

    [Theory]
    [InlineData("elu(1E+39)")]
    [InlineData("elu(1E-46)")]
    [InlineData("leaky-relu(0.99999999999)")]
    public void A_parameter_that_float_cannot_hold_is_refused_with_the_reason(string name)
    {
        // Given a name that is valid in double
        ActivationKind<double>.Find(name, out _).Should().NotBeNull();

        // When a float network looks it up
        var activation = ActivationKind<float>.Find(name, out var problem);

        // Then it is refused, and the reason says that float cannot represent the parameter
        activation.Should().BeNull();
        problem.Should().Contain("not representable in float");
    }

    [Theory]
    [InlineData("swish")]
    [InlineData("silu(1)")]
    [InlineData("sigmoid()")]
    [InlineData("elu(1.0)")]
    [InlineData("elu(0)")]
    [InlineData("elu(1,2)")]
    [InlineData("leaky-relu")]
    [InlineData("(1)")]
    public void A_name_that_is_not_the_canonical_spelling_of_a_built_in_is_not_found(string name)
        => ActivationKind<double>.Find(name, out _).Should().BeNull();
}
