
namespace Backprop.Tests.Optimizers;

/// <summary>
/// <see cref="SettingRules"/>: every optimizer and schedule setting is checked where it is set, with an
/// <see cref="ArgumentOutOfRangeException"/> that names the setting, the value and the rule; the values at the edges
/// of the ranges are accepted.
/// </summary>
public sealed class SettingRulesTests
{
    public static TheoryData<string> Cases() => SettingRuleCases.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_setting_that_breaks_its_rule_is_refused_where_it_is_set_naming_the_setting_the_value_and_the_rule(string name)
    {
        // Given a value that breaks a rule
        var rule = SettingRuleCases.Named(name);

        // When it is set in code
        var set = () => rule.SetInCode();

        // Then the setter or constructor refuses it, saying which setting, which value and which rule
        var refusal = set.Should().ThrowExactly<ArgumentOutOfRangeException>().Which;
        refusal.ParamName.Should().Be(rule.ParamName);
        refusal.ActualValue.Should().Be(rule.ActualValue);
        refusal.Message.Should().Contain($"{rule.ParamName} = ").And.Contain("is out of range").And.Contain(rule.Rule);
    }

    [Fact]
    public void Values_at_the_edges_of_the_ranges_are_accepted()
    {
        foreach (var create in SettingRuleCases.AtTheEdges)
        {
            create.Should().NotThrow();
        }
    }

    [Fact]
    public void Nesterov_is_accepted_once_momentum_is_set()
    {
        var sgd = new SgdOptimizer<double>(0.1) { Momentum = 0.9, Nesterov = true };

        (sgd.Momentum, sgd.Nesterov).Should().Be((0.9, true));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Values_that_are_not_numbers_or_infinite_are_refused_by_every_numeric_setting(double value)
    {
        var create = new (string Setting, Func<object> Create)[]
        {
            ("learningRate", () => new AdamOptimizer<double>(value)),
            ("WeightDecay", () => new AdamOptimizer<double> { WeightDecay = value }),
            ("GradientClipNorm", () => new AdamOptimizer<double> { GradientClipNorm = value }),
            ("Beta1", () => new AdamOptimizer<double> { Beta1 = value }),
            ("Beta2", () => new AdamOptimizer<double> { Beta2 = value }),
            ("Epsilon", () => new AdamOptimizer<double> { Epsilon = value }),
            ("DecoupledWeightDecay", () => new AdamWOptimizer<double> { DecoupledWeightDecay = value }),
            ("Alpha", () => new RmsPropOptimizer<double> { Alpha = value }),
            ("Momentum", () => new SgdOptimizer<double>(0.1) { Momentum = value }),
            ("ArmijoConstant", () => new LbfgsOptimizer<double> { ArmijoConstant = value }),
            ("initialStep", () => new IRpropMinusOptimizer<double>(initialStep: value)),
            ("minimumStep", () => new IRpropMinusOptimizer<double>(minimumStep: value)),
            ("maximumStep", () => new IRpropMinusOptimizer<double>(maximumStep: value)),
            ("IncreaseFactor", () => new IRpropMinusOptimizer<double> { IncreaseFactor = value }),
            ("DecreaseFactor", () => new IRpropMinusOptimizer<double> { DecreaseFactor = value }),
        };

        foreach (var (setting, construct) in create)
        {
            construct.Should().ThrowExactly<ArgumentOutOfRangeException>(setting).Which.ParamName.Should().Be(setting);
        }
    }
}
