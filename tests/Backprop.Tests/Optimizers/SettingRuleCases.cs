using System.Text.Json.Nodes;

namespace Backprop.Tests.Optimizers;

/// <summary>
/// One case per rule of an optimizer's or a schedule's settings: a value that breaks it, set in code and written into a
/// checkpoint. The setter and the loader must both refuse it, naming the same setting and the same rule
/// (<see cref="SettingRulesTests"/> and <c>Serialization.OptimizerCodecTests</c> run the same table).
/// </summary>
internal static class SettingRuleCases
{
    /// <summary>The case names, for theories.</summary>
    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var name in All.Keys)
        {
            names.Add(name);
        }

        return names;
    }

    /// <summary>A case by name.</summary>
    public static Case Named(string name) => All[name];

    /// <summary>Optimizers (over float or double) whose settings sit at the edges of their ranges: all accepted, so their checkpoints must load.</summary>
    public static IReadOnlyList<Func<object>> AtTheEdges { get; } =
    [
        () => new SgdOptimizer<float>(1e6) { WeightDecay = 0, GradientClipNorm = float.Epsilon, Momentum = 0 },
        () => new SgdOptimizer<double>(1e-300) { Momentum = 0.999999999999, Nesterov = true, Schedule = LearningRateSchedule.StepDecay(1, 1).WithWarmup(1) },
        () => new AdamOptimizer<float>(1e-30) { WeightDecay = 1e6, Beta1 = 0, Beta2 = 0.99999, Epsilon = 1e-38, Schedule = LearningRateSchedule.Cosine(1, 0) },
        () => new AdamWOptimizer<double> { DecoupledWeightDecay = 0, Schedule = LearningRateSchedule.Exponential(1) },
        () => new RmsPropOptimizer<double>(1e-9) { Alpha = 0, Epsilon = 1, Schedule = LearningRateSchedule.Cosine(5, 1e6) },
        () => new LbfgsOptimizer<double> { HistorySize = 1, ArmijoConstant = 0.999 },
        () => new LbfgsOptimizer<float> { HistorySize = 1000, ArmijoConstant = 1e-30 },
        () => new IRpropMinusOptimizer<double>(initialStep: 2, minimumStep: 2, maximumStep: 2) { IncreaseFactor = 1.0000001, DecreaseFactor = 0.9999999 },
        () => new IRpropMinusOptimizer<float>(initialStep: 1e-30, minimumStep: 1e-30, maximumStep: 3e38) { IncreaseFactor = 2, DecreaseFactor = 1e-30 },
    ];

    private static Dictionary<string, Case> All { get; } = new Case[]
    {
        // Every gradient optimizer: learning rate, weight decay, clipping (representable in the element type, too).
        Double("learning rate 0", () => new SgdOptimizer<double>(0.1), "learningRate", 0.0, "learningRate", "greater than 0", () => new SgdOptimizer<double>(0)),
        Float("learning rate 1e308 for a float model", () => new AdamOptimizer<float>(0.01), "learningRate", 1e308, "learningRate", "at most 1000000", () => new AdamOptimizer<float>(1e308)),
        Float("learning rate 1e-60 for a float model", () => new AdamOptimizer<float>(0.01), "learningRate", 1e-60, "learningRate", "as a Single", () => new AdamOptimizer<float>(1e-60)),
        Double("learning rate 1e308", () => new SgdOptimizer<double>(0.1), "learningRate", 1e308, "learningRate", "at most 1000000", () => new SgdOptimizer<double>(1e308)),
        Double("weight decay 1e308", () => new AdamOptimizer<double>(), "weightDecay", 1e308, "WeightDecay", "at most 1000000", () => new AdamOptimizer<double>() { WeightDecay = 1e308 }),
        Float("clip norm 1e-300 for a float model (0 as a float)", () => new SgdOptimizer<float>(0.1) { GradientClipNorm = 1 }, "gradientClipNorm", 1e-300, "GradientClipNorm", "as a Single", () => new SgdOptimizer<float>(0.1) { GradientClipNorm = 1e-300 }),
        Double("weight decay −1", () => new SgdOptimizer<double>(0.1), "weightDecay", -1.0, "WeightDecay", "at least 0", () => new SgdOptimizer<double>(0.1) { WeightDecay = -1 }),
        Float("weight decay 1e308 for a float model", () => new RmsPropOptimizer<float>(), "weightDecay", 1e308, "WeightDecay", "at most 1000000", () => new RmsPropOptimizer<float>() { WeightDecay = 1e308 }),
        Double("clip norm 0", () => new AdamOptimizer<double>() { GradientClipNorm = 1 }, "gradientClipNorm", 0.0, "GradientClipNorm", "greater than 0", () => new AdamOptimizer<double>() { GradientClipNorm = 0 }),
        Float("clip norm 1e39 for a float model", () => new AdamOptimizer<float>() { GradientClipNorm = 1 }, "gradientClipNorm", 1e39, "GradientClipNorm", "as a Single", () => new AdamOptimizer<float>() { GradientClipNorm = 1e39 }),

        // SGD
        Double("momentum 1", () => new SgdOptimizer<double>(0.1) { Momentum = 0.5 }, "momentum", 1.0, "Momentum", "in [0, 1)", () => new SgdOptimizer<double>(0.1) { Momentum = 1 }),
        Float("momentum that rounds to 1 as a float", () => new SgdOptimizer<float>(0.1) { Momentum = 0.5 }, "momentum", 0.99999999999, "Momentum", "in [0, 1) as a Single", () => new SgdOptimizer<float>(0.1) { Momentum = 0.99999999999 }),
        Case.Of("Nesterov with momentum 0", false, () => new SgdOptimizer<double>(0.1), "nesterov", true, "Nesterov", true, "Momentum > 0", () => new SgdOptimizer<double>(0.1) { Nesterov = true }),

        // Adam, AdamW, RMSProp
        Double("β₁ = 1", () => new AdamOptimizer<double>(), "beta1", 1.0, "Beta1", "in [0, 1)", () => new AdamOptimizer<double>() { Beta1 = 1 }),
        Double("β₂ = −0.5", () => new AdamOptimizer<double>(), "beta2", -0.5, "Beta2", "in [0, 1)", () => new AdamOptimizer<double>() { Beta2 = -0.5 }),
        Float("β₂ that rounds to 1 as a float", () => new AdamWOptimizer<float>(), "beta2", 0.9999999999, "Beta2", "in [0, 1) as a Single", () => new AdamWOptimizer<float>() { Beta2 = 0.9999999999 }),
        Double("ε = 0", () => new AdamOptimizer<double>(), "epsilon", 0.0, "Epsilon", "greater than 0", () => new AdamOptimizer<double>() { Epsilon = 0 }),
        Float("ε = 1e-50 for a float model", () => new AdamOptimizer<float>(), "epsilon", 1e-50, "Epsilon", "as a Single", () => new AdamOptimizer<float>() { Epsilon = 1e-50 }),
        Double("ε = 1e308", () => new AdamOptimizer<double>(), "epsilon", 1e308, "Epsilon", "at most 1", () => new AdamOptimizer<double>() { Epsilon = 1e308 }),
        Double("β₁ = 1.5", () => new AdamOptimizer<double>(), "beta1", 1.5, "Beta1", "in [0, 1)", () => new AdamOptimizer<double>() { Beta1 = 1.5 }),
        Double("RMSProp α = 1.5", () => new RmsPropOptimizer<double>(), "alpha", 1.5, "Alpha", "in [0, 1)", () => new RmsPropOptimizer<double>() { Alpha = 1.5 }),
        Double("RMSProp ε = 1e308", () => new RmsPropOptimizer<double>(), "epsilon", 1e308, "Epsilon", "at most 1", () => new RmsPropOptimizer<double>() { Epsilon = 1e308 }),
        Double("decoupled decay 1e308", () => new AdamWOptimizer<double>(), "decoupledWeightDecay", 1e308, "DecoupledWeightDecay", "at most 1000000", () => new AdamWOptimizer<double>() { DecoupledWeightDecay = 1e308 }),
        Double("decoupled decay −0.01", () => new AdamWOptimizer<double>(), "decoupledWeightDecay", -0.01, "DecoupledWeightDecay", "at least 0", () => new AdamWOptimizer<double>() { DecoupledWeightDecay = -0.01 }),
        Double("α = 1", () => new RmsPropOptimizer<double>(), "alpha", 1.0, "Alpha", "in [0, 1)", () => new RmsPropOptimizer<double>() { Alpha = 1 }),
        Double("RMSProp ε = −1e-8", () => new RmsPropOptimizer<double>(), "epsilon", -1e-8, "Epsilon", "greater than 0", () => new RmsPropOptimizer<double>() { Epsilon = -1e-8 }),

        // L-BFGS
        Case.Of("history 0", false, () => new LbfgsOptimizer<double> { HistorySize = 2 }, "historySize", 0, "HistorySize", 0, "in [1, 1000]", () => new LbfgsOptimizer<double> { HistorySize = 0 }),
        Case.Of("history 1001", false, () => new LbfgsOptimizer<double> { HistorySize = 2 }, "historySize", 1001, "HistorySize", 1001, "in [1, 1000]", () => new LbfgsOptimizer<double> { HistorySize = 1001 }),
        Double("Armijo constant 1", () => new LbfgsOptimizer<double>(), "armijoConstant", 1.0, "ArmijoConstant", "in (0, 1)", () => new LbfgsOptimizer<double> { ArmijoConstant = 1 }),
        Double("Armijo constant 0", () => new LbfgsOptimizer<double>(), "armijoConstant", 0.0, "ArmijoConstant", "in (0, 1)", () => new LbfgsOptimizer<double> { ArmijoConstant = 0 }),

        // iRprop−: 0 < η⁻ < 1 < η⁺ and 0 < Δmin ≤ Δ₀ ≤ Δmax
        Double("initial step above the maximum", () => new IRpropMinusOptimizer<double>(), "initialStep", 60.0, "initialStep", "within [minimum step, maximum step] = [1E-06, 50]", () => new IRpropMinusOptimizer<double>(initialStep: 60)),
        Double("initial step below the minimum", () => new IRpropMinusOptimizer<double>(), "initialStep", 1e-7, "initialStep", "within [minimum step, maximum step]", () => new IRpropMinusOptimizer<double>(initialStep: 1e-7)),
        Double("minimum step above the maximum", () => new IRpropMinusOptimizer<double>(), "minimumStep", 100.0, "minimumStep", "not greater than the maximum step 50", () => new IRpropMinusOptimizer<double>(minimumStep: 100)),
        Double("minimum step 0", () => new IRpropMinusOptimizer<double>(), "minimumStep", 0.0, "minimumStep", "greater than 0", () => new IRpropMinusOptimizer<double>(minimumStep: 0)),
        Float("maximum step 1e39 for a float model", () => new IRpropMinusOptimizer<float>(), "maximumStep", 1e39, "maximumStep", "as a Single", () => new IRpropMinusOptimizer<float>(maximumStep: 1e39)),
        Double("growth factor 1", () => new IRpropMinusOptimizer<double>(), "increaseFactor", 1.0, "IncreaseFactor", "greater than 1", () => new IRpropMinusOptimizer<double> { IncreaseFactor = 1 }),
        Float("growth factor that rounds to 1 as a float", () => new IRpropMinusOptimizer<float>(), "increaseFactor", 1.00000000001, "IncreaseFactor", "as a Single", () => new IRpropMinusOptimizer<float> { IncreaseFactor = 1.00000000001 }),
        Double("shrink factor 1", () => new IRpropMinusOptimizer<double>(), "decreaseFactor", 1.0, "DecreaseFactor", "in (0, 1)", () => new IRpropMinusOptimizer<double> { DecreaseFactor = 1 }),
        Double("shrink factor 0", () => new IRpropMinusOptimizer<double>(), "decreaseFactor", 0.0, "DecreaseFactor", "in (0, 1)", () => new IRpropMinusOptimizer<double> { DecreaseFactor = 0 }),

        // Schedules
        Case.Of("step decay every 0 steps", false, () => WithSchedule(LearningRateSchedule.StepDecay(4, 0.5)), "schedule.stepSize", 0, "stepSize", 0L, "at least 1", () => LearningRateSchedule.StepDecay(0, 0.5)),
        Double("step decay factor 1.5", () => WithSchedule(LearningRateSchedule.StepDecay(4, 0.5)), "schedule.factor", 1.5, "factor", "in (0, 1]", () => LearningRateSchedule.StepDecay(4, 1.5)),
        Double("exponential factor 0", () => WithSchedule(LearningRateSchedule.Exponential(0.9)), "schedule.factor", 0.0, "factor", "in (0, 1]", () => LearningRateSchedule.Exponential(0)),
        Case.Of("cosine over 0 steps", false, () => WithSchedule(LearningRateSchedule.Cosine(10).WithWarmup(2)), "schedule.then.totalSteps", 0, "totalSteps", 0L, "at least 1", () => LearningRateSchedule.Cosine(0)),
        Double("cosine floor 1e308", () => WithSchedule(LearningRateSchedule.Cosine(10)), "schedule.minimumRate", 1e308, "minimumRate", "at most 1000000", () => LearningRateSchedule.Cosine(10, 1e308)),
        Double("cosine floor −1", () => WithSchedule(LearningRateSchedule.Cosine(10)), "schedule.minimumRate", -1.0, "minimumRate", "at least 0", () => LearningRateSchedule.Cosine(10, -1)),
        Case.Of("warm-up of 0 steps", false, () => WithSchedule(LearningRateSchedule.Constant.WithWarmup(3)), "schedule.warmupSteps", 0, "warmupSteps", 0L, "at least 1", () => LearningRateSchedule.Constant.WithWarmup(0)),
    }.ToDictionary(c => c.Name, StringComparer.Ordinal);

    private static Case Double(string name, Func<object> valid, string member, double value, string paramName, string rule, Func<object> setInCode)
        => Case.Of(name, false, valid, member, value, paramName, value, rule, setInCode);

    private static Case Float(string name, Func<object> valid, string member, double value, string paramName, string rule, Func<object> setInCode)
        => Case.Of(name, true, valid, member, value, paramName, value, rule, setInCode);

    private static SgdOptimizer<double> WithSchedule(LearningRateSchedule schedule) => new(0.1) { Schedule = schedule };

    /// <summary>A rule and a value that breaks it.</summary>
    /// <param name="Name">What the case breaks, for the theory's display.</param>
    /// <param name="IsFloat">Whether the optimizer is over float (else double).</param>
    /// <param name="Valid">A valid optimizer of the same kind, to checkpoint (an <see cref="Optimizer{T}"/> of the element type).</param>
    /// <param name="Member">The member to change, as a dotted path below the checkpoint's <c>optimizer</c> object (the loader must blame it).</param>
    /// <param name="Value">The value that breaks the rule.</param>
    /// <param name="ParamName">The parameter the refusal names (the setter's property or the constructor's parameter).</param>
    /// <param name="ActualValue">The value the refusal reports.</param>
    /// <param name="Rule">A part of the message that states the rule.</param>
    /// <param name="SetInCode">Sets the value in code.</param>
    public sealed record Case(
        string Name, bool IsFloat, Func<object> Valid, string Member, JsonNode Value, string ParamName, object ActualValue, string Rule, Func<object> SetInCode)
    {
        /// <summary>The JSON path of the member.</summary>
        public string Location => $"$.optimizer.{Member}";

        public static Case Of(string name, bool isFloat, Func<object> valid, string member, JsonNode value, string paramName, object actualValue, string rule, Func<object> setInCode)
            => new(name, isFloat, valid, member, value, paramName, actualValue, rule, setInCode);

        /// <inheritdoc />
        public override string ToString() => Name;
    }
}
