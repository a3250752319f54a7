using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Backprop.Tests.Optimizers;

namespace Backprop.Tests.Serialization;

/// <summary>
/// The optimizer object of a checkpoint: every built-in optimizer and schedule saves and loads with its settings and
/// state; a file is held to the same rules as code (the table of <see cref="SettingRuleCases"/>) and to the rules of
/// each state array; the files of the fuzzing corpus still load, checksum and all, and save back to the same bytes.
/// </summary>
public sealed class OptimizerCodecTests
{
    public static TheoryData<string> RuleCases() => SettingRuleCases.Names();

    public static TheoryData<string> BuiltInOptimizers() => new(Samples.Keys);

    public static TheoryData<string> CorpusCheckpoints()
        => new(Directory.EnumerateFiles(CorpusFolder, "checkpoint-*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    /// <summary>For each built-in optimizer, one with settings away from its defaults and a schedule of every kind among them.</summary>
    private static Dictionary<string, (Func<Optimizer<double>> Double, Func<Optimizer<float>> Float)> Samples { get; } = new(StringComparer.Ordinal)
    {
        ["sgd"] = (Sgd<double>, Sgd<float>),
        ["adam"] = (Adam<double>, Adam<float>),
        ["adamw"] = (AdamW<double>, AdamW<float>),
        ["rmsprop"] = (RmsProp<double>, RmsProp<float>),
        ["lbfgs"] = (() => new LbfgsOptimizer<double> { HistorySize = 3, ArmijoConstant = 0.01 }, () => new LbfgsOptimizer<float> { HistorySize = 3, ArmijoConstant = 0.01 }),
        ["irprop-minus"] = (Rprop<double>, Rprop<float>),
    };

    [Fact]
    public void The_built_in_kinds_are_the_six_optimizers_and_the_six_schedules()
    {
        KindRegistry<OptimizerKind>.BuiltIn.Names.Should().Be("adam, adamw, irprop-minus, lbfgs, rmsprop, sgd");
        KindRegistry<ScheduleKind>.BuiltIn.Names.Should().Be("constant, cosine, exponential, reduce-on-plateau, step-decay, warmup");
        Samples.Keys.Order(StringComparer.Ordinal).Should().Equal(KindRegistry<OptimizerKind>.BuiltIn.Names.Split(", "), "every built-in optimizer needs a sample here");
    }

    [Theory]
    [MemberData(nameof(BuiltInOptimizers))]
    public void A_built_in_optimizer_after_training_loads_with_its_settings_and_state_and_saves_back_to_the_same_bytes(string kind)
    {
        // Given a checkpoint of each element type after three epochs with the optimizer
        var files = new[] { Checkpoint(Samples[kind].Double()), Checkpoint(Samples[kind].Float()) };

        // When each is loaded (checksum verified) and saved again
        var saved = new[] { LoadAndSave<double>(files[0]), LoadAndSave<float>(files[1]) };

        // Then the bytes are the same: every setting and every state value came back
        saved[0].Should().Equal(files[0]);
        saved[1].Should().Equal(files[1]);
        JsonNode.Parse(files[0])!["optimizer"]!["kind"]!.GetValue<string>().Should().Be(kind);
        JsonNode.Parse(files[0])!["optimizer"]!["state"].Should().NotBeNull("the optimizer has stepped");
    }

    [Fact]
    public void Settings_at_the_edges_of_their_ranges_save_and_load()
    {
        foreach (var create in SettingRuleCases.AtTheEdges)
        {
            // Given a checkpoint of an optimizer whose settings are at the edges of their ranges
            var optimizer = create();
            var file = optimizer is Optimizer<float> single ? Checkpoint(single) : Checkpoint((Optimizer<double>)optimizer);

            // When it is loaded, then it loads, and saves back to the same bytes
            var load = () => optimizer is Optimizer<float> ? LoadAndSave<float>(file) : LoadAndSave<double>(file);
            load.Should().NotThrow().Which.Should().Equal(file, "{0} saved, so it must load", optimizer);
        }
    }

    [Theory]
    [MemberData(nameof(RuleCases))]
    public void A_checkpoint_with_a_setting_that_breaks_its_rule_is_refused_at_that_setting_with_the_setters_own_message(string name)
    {
        // Given a valid checkpoint with one setting changed to a value that breaks its rule
        var rule = SettingRuleCases.Named(name);
        var file = Mutate(rule.IsFloat ? Checkpoint((Optimizer<float>)rule.Valid()) : Checkpoint((Optimizer<double>)rule.Valid()), rule.Member, rule.Value);

        // When it is loaded
        var load = () => Load(file, rule.IsFloat);

        // Then it is refused at that setting, with the message the setter gives for the same value
        var refusal = load.Should().ThrowExactly<ModelFormatException>().Which;
        refusal.Location.Should().Be(rule.Location);
        var setterMessage = Record.Exception(rule.SetInCode)!.Message;
        refusal.Message.Should().Be($"Invalid model file at {rule.Location}: {setterMessage[..setterMessage.IndexOf(" (Parameter", StringComparison.Ordinal)]}")
            .And.Contain(rule.Rule);
    }

    [Theory]
    [InlineData("irprop-minus", "stepSizes", 2, 0.5, "within [minimumStep, maximumStep] = [0.001, 0.2]")]
    [InlineData("irprop-minus", "stepSizes", 0, 1e-7, "greater than 0, within")]
    [InlineData("rmsprop", "meanSquare", 1, -1e-9, "at least 0")]
    [InlineData("adam", "secondMoment", 0, -0.5, "at least 0")]
    [InlineData("lbfgs", "rho", 1, -2.0, "at least 0")]
    public void A_state_value_outside_its_rule_is_refused(string kind, string member, int index, double value, string rule)
    {
        // Given a checkpoint whose state array has one value outside what the optimizer can ever hold there
        var file = Mutate(Checkpoint(Samples[kind].Double()), $"state.{member}", null, payload =>
        {
            var bytes = Convert.FromBase64String(payload);
            BitConverter.GetBytes(value).CopyTo(bytes, 8 * index);
            return Convert.ToBase64String(bytes);
        });

        // When it is loaded, then it is refused at that array, naming the value and the rule
        var load = () => Load(file, isFloat: false);
        var refusal = load.Should().ThrowExactly<ModelFormatException>().Which;
        refusal.Location.Should().Be($"$.optimizer.state.{member}");
        refusal.Message.Should().Contain(FormattableString.Invariant($"value {index} is {value}")).And.Contain(rule);
    }

    [Theory]
    [InlineData(-1, "out of range")]
    [InlineData(1.5, "whole number")]
    public void An_Adam_update_count_that_is_negative_or_not_whole_is_refused(double updates, string expected)
    {
        var file = Mutate(Checkpoint(Adam<double>()), "state.updates", updates);

        var load = () => Load(file, isFloat: false);

        var refusal = load.Should().ThrowExactly<ModelFormatException>().Which;
        refusal.Location.Should().Be("$.optimizer.state.updates");
        refusal.Message.Should().Contain(expected);
    }

    [Fact]
    public void A_class_derived_from_a_built_in_optimizer_cannot_be_checkpointed()
    {
        // Given a user's optimizer derived from Adam (a file could not say that its steps are not Adam's)
        var derived = new DerivedAdam();

        // When it is checkpointed, then it is refused as not built in
        var save = () => Checkpoint(derived);
        save.Should().Throw<NotSupportedException>().WithMessage("*DerivedAdam*not built in*adam, adamw*");
    }

    [Theory]
    [MemberData(nameof(CorpusCheckpoints))]
    public void A_checkpoint_of_the_fuzzing_corpus_loads_with_its_checksum_and_saves_back_to_the_same_bytes(string file)
    {
        // Given a checkpoint written by an earlier version of the library
        var bytes = File.ReadAllBytes(Path.Combine(CorpusFolder, file));

        // When it is loaded with its checksum verified and saved again, then the format is unchanged to the byte
        LoadAndSave<double>(bytes).Should().Equal(bytes);
    }

    private static string CorpusFolder { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "fuzz-corpus", "model"));

    private static SgdOptimizer<T> Sgd<T>()
        where T : struct, IFloatingPointIeee754<T>
        => new(0.05) { Momentum = 0.8, Nesterov = true, WeightDecay = 1e-3, GradientClipNorm = 3, Schedule = LearningRateSchedule.StepDecay(2, 0.5) };

    private static AdamOptimizer<T> Adam<T>()
        where T : struct, IFloatingPointIeee754<T>
        => new(0.02) { Beta1 = 0.8, Beta2 = 0.99, Epsilon = 1e-6, Schedule = LearningRateSchedule.Cosine(20, 1e-4).WithWarmup(2) };

    private static AdamWOptimizer<T> AdamW<T>()
        where T : struct, IFloatingPointIeee754<T>
        => new(0.02) { DecoupledWeightDecay = 0.05, Schedule = LearningRateSchedule.Exponential(0.97) };

    private static RmsPropOptimizer<T> RmsProp<T>()
        where T : struct, IFloatingPointIeee754<T>
        => new(0.01) { Alpha = 0.9, Epsilon = 1e-7, Schedule = LearningRateSchedule.Constant };

    private static IRpropMinusOptimizer<T> Rprop<T>()
        where T : struct, IFloatingPointIeee754<T>
        => new(0.05, 1e-3, 0.2) { IncreaseFactor = 1.3, DecreaseFactor = 0.4 };

    private static byte[] Checkpoint<T>(Optimizer<T> optimizer)
        where T : struct, IFloatingPointIeee754<T>
        => SerializationTestData.TrainedCheckpoint(optimizer, optimizer is LbfgsOptimizer<T> or IRpropMinusOptimizer<T> ? 12 : 4);

    private static void Load(byte[] file, bool isFloat)
    {
        using var stream = new MemoryStream(file, writable: false);
        if (isFloat)
        {
            Backprop.Checkpoint<float>.Load(stream);
        }
        else
        {
            Backprop.Checkpoint<double>.Load(stream);
        }
    }

    private static byte[] LoadAndSave<T>(byte[] file)
        where T : struct, IFloatingPointIeee754<T>
    {
        var (network, trainer) = Backprop.Checkpoint<T>.Load(new MemoryStream(file, writable: false));
        using var saved = new MemoryStream();
        new Backprop.Checkpoint<T>(network, trainer).Save(saved);
        return saved.ToArray();
    }

    /// <summary>The file with one member below <c>optimizer</c> (a dotted path) set to a value, or its string changed.</summary>
    private static byte[] Mutate(byte[] file, string member, JsonNode? value, Func<string, string>? change = null)
    {
        var root = JsonNode.Parse(file)!;
        var parts = member.Split('.');
        var parent = parts[..^1].Aggregate(root["optimizer"]!, (node, part) => node[part]!);
        parent[parts[^1]] = change is null ? value : change(parent[parts[^1]]!.GetValue<string>());
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private sealed class DerivedAdam : AdamOptimizer<double>
    {
        public override string Name => "derived-adam";
    }
}
