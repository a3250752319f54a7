using System.Numerics;
using System.Text.Json;

namespace Backprop;

/// <summary>
/// The built-in optimizers and schedules in a checkpoint: their kind, settings and running state. A fixed
/// table maps each kind to its class; a file cannot name any other.
/// </summary>
internal static class OptimizerCodec
{
    /// <summary>The largest L-BFGS history a checkpoint may declare.</summary>
    public const int MaxHistorySize = 1000;

    private const string KindList = "sgd, adam, adamw, rmsprop, lbfgs, irprop-minus";
    private static readonly string[] KindMember = ["kind"];
    private static readonly string[] GradientSettings = ["learningRate", "schedule", "weightDecay", "gradientClipNorm"];

    private enum EntryKind
    {
        ParameterVector,
        Array,
        Counter,
    }

    private enum Sign
    {
        Any,
        NonNegative,
        Positive,
    }

    /// <summary>Throws <see cref="NotSupportedException"/> unless the optimizer and its schedule are built in.</summary>
    public static void EnsureSupported<T>(Optimizer<T> optimizer)
        where T : struct, IFloatingPointIeee754<T>
    {
        _ = KindOf(optimizer);
        if (optimizer is GradientOptimizer<T> gradient)
        {
            EnsureSupported(gradient.Schedule);
        }
    }

    /// <summary>Writes the optimizer object: kind, settings, then state (null before the first step).</summary>
    public static void Write<T>(Utf8JsonWriter writer, Optimizer<T> optimizer, OptimizerState<T>? state, IReadOnlyList<DenseLayer<T>> layers)
        where T : struct, IFloatingPointIeee754<T>
    {
        var kind = KindOf(optimizer);
        writer.WriteStartObject();
        writer.WriteString("kind", kind);
        if (optimizer is GradientOptimizer<T> gradient)
        {
            writer.WriteNumber("learningRate", gradient.LearningRate);
            writer.WritePropertyName("schedule");
            WriteSchedule(writer, gradient.Schedule);
            writer.WriteNumber("weightDecay", gradient.WeightDecay);
            if (gradient.GradientClipNorm is { } clip)
            {
                writer.WriteNumber("gradientClipNorm", clip);
            }
            else
            {
                writer.WriteNull("gradientClipNorm");
            }
        }

        switch (optimizer)
        {
            case SgdOptimizer<T> sgd:
                writer.WriteNumber("momentum", sgd.Momentum);
                writer.WriteBoolean("nesterov", sgd.Nesterov);
                break;
            case AdamOptimizer<T> adam:
                writer.WriteNumber("beta1", adam.Beta1);
                writer.WriteNumber("beta2", adam.Beta2);
                writer.WriteNumber("epsilon", adam.Epsilon);
                if (adam is AdamWOptimizer<T> adamW)
                {
                    writer.WriteNumber("decoupledWeightDecay", adamW.DecoupledWeightDecay);
                }

                break;
            case RmsPropOptimizer<T> rmsProp:
                writer.WriteNumber("alpha", rmsProp.Alpha);
                writer.WriteNumber("epsilon", rmsProp.Epsilon);
                break;
            case LbfgsOptimizer<T> lbfgs:
                writer.WriteNumber("historySize", lbfgs.HistorySize);
                writer.WriteNumber("armijoConstant", lbfgs.ArmijoConstant);
                break;
            case IRpropMinusOptimizer<T> rprop:
                writer.WriteNumber("initialStep", rprop.InitialStep);
                writer.WriteNumber("increaseFactor", rprop.IncreaseFactor);
                writer.WriteNumber("decreaseFactor", rprop.DecreaseFactor);
                writer.WriteNumber("maximumStep", rprop.MaximumStep);
                writer.WriteNumber("minimumStep", rprop.MinimumStep);
                break;
        }

        writer.WritePropertyName("state");
        if (state is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStartObject();
            foreach (var (name, entryKind, _) in StateSchema(optimizer))
            {
                switch (entryKind)
                {
                    case EntryKind.Counter:
                        writer.WriteNumber(name, state.Counters[name]);
                        break;
                    case EntryKind.Array:
                        ParameterPayload.Write<T>(writer, name, state.Arrays[name]);
                        break;
                    default:
                        ParameterPayload.Write<T>(writer, name, ConvertOrder(state.ParameterVectors[name], layers, toFile: true));
                        break;
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads and validates an optimizer object, giving the optimizer and its state (not yet imported).</summary>
    public static (Optimizer<T> Optimizer, OptimizerState<T>? State) Read<T>(JsonElement element, string path, IReadOnlyList<DenseLayer<T>> layers)
        where T : struct, IFloatingPointIeee754<T>
    {
        var kind = PeekKind(element, path);
        string[] specific = kind switch
        {
            "sgd" => ["momentum", "nesterov"],
            "adam" => ["beta1", "beta2", "epsilon"],
            "adamw" => ["beta1", "beta2", "epsilon", "decoupledWeightDecay"],
            "rmsprop" => ["alpha", "epsilon"],
            "lbfgs" => ["historySize", "armijoConstant"],
            "irprop-minus" => ["initialStep", "increaseFactor", "decreaseFactor", "maximumStep", "minimumStep"],
            _ => throw new ModelFormatException($"{path}.kind", $"unknown optimizer \"{Shorten(kind)}\"; expected one of {KindList}."),
        };
        var isGradient = kind is not ("lbfgs" or "irprop-minus");
        var o = StrictJsonObject.Read(element, path, [.. KindMember.Concat(isGradient ? GradientSettings : []).Concat(specific).Append("state")]);

        var optimizer = Construct<T>(o, kind, isGradient);
        OptimizerState<T>? state = null;
        if (!o.IsNull("state"))
        {
            state = ReadState<T>(o, optimizer, layers);
        }

        return (optimizer, state);
    }

    private static Optimizer<T> Construct<T>(StrictJsonObject o, string kind, bool isGradient)
        where T : struct, IFloatingPointIeee754<T>
    {
        double learningRate = 0, weightDecay = 0;
        double? clip = null;
        LearningRateSchedule? schedule = null;
        if (isGradient)
        {
            learningRate = o.Number("learningRate", value => value > 0, "greater than 0");
            schedule = ReadSchedule(o["schedule"], o.PathOf("schedule"));
            weightDecay = o.Number("weightDecay", value => value >= 0, "at least 0");
            clip = o.IsNull("gradientClipNorm") ? null : o.Number("gradientClipNorm", value => value > 0, "greater than 0, or null");
        }

        static bool IsFraction(double value) => value >= 0 && value < 1;
        try
        {
            return kind switch
            {
                "sgd" => new SgdOptimizer<T>(learningRate)
                {
                    Schedule = schedule,
                    WeightDecay = weightDecay,
                    GradientClipNorm = clip,
                    Momentum = o.Number("momentum", IsFraction, "in [0, 1)"),
                    Nesterov = o.Boolean("nesterov"),
                },
                "adam" => new AdamOptimizer<T>(learningRate)
                {
                    Schedule = schedule,
                    WeightDecay = weightDecay,
                    GradientClipNorm = clip,
                    Beta1 = o.Number("beta1", IsFraction, "in [0, 1)"),
                    Beta2 = o.Number("beta2", IsFraction, "in [0, 1)"),
                    Epsilon = o.Number("epsilon", value => value > 0, "greater than 0"),
                },
                "adamw" => new AdamWOptimizer<T>(learningRate)
                {
                    Schedule = schedule,
                    WeightDecay = weightDecay,
                    GradientClipNorm = clip,
                    Beta1 = o.Number("beta1", IsFraction, "in [0, 1)"),
                    Beta2 = o.Number("beta2", IsFraction, "in [0, 1)"),
                    Epsilon = o.Number("epsilon", value => value > 0, "greater than 0"),
                    DecoupledWeightDecay = o.Number("decoupledWeightDecay", value => value >= 0, "at least 0"),
                },
                "rmsprop" => new RmsPropOptimizer<T>(learningRate)
                {
                    Schedule = schedule,
                    WeightDecay = weightDecay,
                    GradientClipNorm = clip,
                    Alpha = o.Number("alpha", IsFraction, "in [0, 1)"),
                    Epsilon = o.Number("epsilon", value => value > 0, "greater than 0"),
                },
                "lbfgs" => new LbfgsOptimizer<T>
                {
                    HistorySize = o.Int32("historySize", 1, MaxHistorySize),
                    ArmijoConstant = o.Number("armijoConstant", value => value > 0 && value < 1, "in (0, 1)"),
                },
                _ => ConstructRprop<T>(o),
            };
        }
        catch (ArgumentException exception)
        {
            // The constructors' own checks (a learning rate that the element type cannot hold, for example).
            throw new ModelFormatException(o.Path, exception.Message, exception);
        }
    }

    private static IRpropMinusOptimizer<T> ConstructRprop<T>(StrictJsonObject o)
        where T : struct, IFloatingPointIeee754<T>
    {
        var optimizer = new IRpropMinusOptimizer<T>
        {
            InitialStep = o.Number("initialStep", value => value > 0, "greater than 0"),
            IncreaseFactor = o.Number("increaseFactor", value => value > 1, "greater than 1"),
            DecreaseFactor = o.Number("decreaseFactor", value => value > 0 && value < 1, "in (0, 1)"),
            MaximumStep = o.Number("maximumStep", value => value > 0, "greater than 0"),
            MinimumStep = o.Number("minimumStep", value => value > 0, "greater than 0"),
        };
        if (optimizer.MinimumStep > optimizer.MaximumStep)
        {
            throw new ModelFormatException(o.PathOf("minimumStep"), "the minimum step is greater than the maximum step.");
        }

        return optimizer;
    }

    private static OptimizerState<T> ReadState<T>(StrictJsonObject o, Optimizer<T> optimizer, IReadOnlyList<DenseLayer<T>> layers)
        where T : struct, IFloatingPointIeee754<T>
    {
        var schema = StateSchema(optimizer);
        var s = StrictJsonObject.Read(o["state"], o.PathOf("state"), [.. schema.Select(entry => entry.Name)]);
        var parameterCount = layers.Sum(layer => (long)layer.ParameterCount);
        var historySize = optimizer is LbfgsOptimizer<T> lbfgs ? lbfgs.HistorySize : 0;
        var state = new OptimizerState<T>();
        foreach (var (name, kind, sign) in schema)
        {
            var path = s.PathOf(name);
            switch (kind)
            {
                case EntryKind.Counter:
                    state.Counters[name] = name switch
                    {
                        "updates" => s.Integer(name, 0, int.MaxValue),
                        "count" => s.Integer(name, 0, historySize),
                        _ => s.Integer(name, -1, historySize - 1),
                    };
                    break;
                case EntryKind.Array:
                    state.Arrays[name] = ParameterPayload.Read<T>(s[name], path, historySize, "one per remembered pair");
                    break;
                default:
                    var values = ParameterPayload.Read<T>(s[name], path, parameterCount, "one per network parameter");
                    for (var i = 0; i < values.Length; i++)
                    {
                        if ((sign == Sign.NonNegative && values[i] < T.Zero) || (sign == Sign.Positive && values[i] <= T.Zero))
                        {
                            throw new ModelFormatException(
                                path,
                                FormattableString.Invariant($"value {i} is {values[i]}; it must be {(sign == Sign.Positive ? "greater than 0" : "at least 0")}."));
                        }
                    }

                    state.ParameterVectors[name] = ConvertOrder(values, layers, toFile: false);
                    break;
            }
        }

        if (historySize > 0 && state.Counters["count"] > 0 && state.Counters["newest"] < 0)
        {
            throw new ModelFormatException(s.PathOf("newest"), "an L-BFGS state that remembers pairs needs the slot of the newest (0 or more).");
        }

        return state;
    }

    /// <summary>The state entries of an optimizer, in the order they are written.</summary>
    private static List<(string Name, EntryKind Kind, Sign Sign)> StateSchema<T>(Optimizer<T> optimizer)
        where T : struct, IFloatingPointIeee754<T>
    {
        switch (optimizer)
        {
            case SgdOptimizer<T> sgd:
                return sgd.Momentum == 0 ? [] : [("velocity", EntryKind.ParameterVector, Sign.Any)];
            case AdamOptimizer<T>:
                return [("updates", EntryKind.Counter, Sign.Any), ("firstMoment", EntryKind.ParameterVector, Sign.Any), ("secondMoment", EntryKind.ParameterVector, Sign.NonNegative)];
            case RmsPropOptimizer<T>:
                return [("meanSquare", EntryKind.ParameterVector, Sign.NonNegative)];
            case IRpropMinusOptimizer<T>:
                return [("stepSizes", EntryKind.ParameterVector, Sign.Positive), ("previousGradients", EntryKind.ParameterVector, Sign.Any)];
            case LbfgsOptimizer<T> lbfgs:
                var schema = new List<(string, EntryKind, Sign)> { ("count", EntryKind.Counter, Sign.Any), ("newest", EntryKind.Counter, Sign.Any), ("rho", EntryKind.Array, Sign.Any) };
                for (var i = 0; i < lbfgs.HistorySize; i++)
                {
                    schema.Add(($"s{i}", EntryKind.ParameterVector, Sign.Any));
                }

                for (var i = 0; i < lbfgs.HistorySize; i++)
                {
                    schema.Add(($"y{i}", EntryKind.ParameterVector, Sign.Any));
                }

                return schema;
            default:
                throw new NotSupportedException($"The optimizer '{optimizer.Name}' is not built in.");
        }
    }

    private static string KindOf<T>(Optimizer<T> optimizer)
        where T : struct, IFloatingPointIeee754<T>
        => optimizer.GetType() switch
        {
            var type when type == typeof(SgdOptimizer<T>) => "sgd",
            var type when type == typeof(AdamOptimizer<T>) => "adam",
            var type when type == typeof(AdamWOptimizer<T>) => "adamw",
            var type when type == typeof(RmsPropOptimizer<T>) => "rmsprop",
            var type when type == typeof(LbfgsOptimizer<T>) => "lbfgs",
            var type when type == typeof(IRpropMinusOptimizer<T>) => "irprop-minus",
            _ => throw new NotSupportedException(
                $"The optimizer '{optimizer.Name}' ({optimizer.GetType().Name}) is not built in; checkpoints hold the built-in optimizers ({KindList}) only."),
        };

    private static void EnsureSupported(LearningRateSchedule? schedule)
    {
        switch (schedule)
        {
            case null or ConstantSchedule or StepDecaySchedule or ExponentialSchedule or CosineSchedule:
                return;
            case WarmupSchedule warmup:
                EnsureSupported(warmup.After);
                return;
            default:
                throw new NotSupportedException(
                    $"The learning-rate schedule {schedule.GetType().Name} is not built in; checkpoints hold the built-in schedules only.");
        }
    }

    private static void WriteSchedule(Utf8JsonWriter writer, LearningRateSchedule? schedule)
    {
        if (schedule is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        switch (schedule)
        {
            case ConstantSchedule:
                writer.WriteString("kind", "constant");
                break;
            case StepDecaySchedule stepDecay:
                writer.WriteString("kind", "step-decay");
                writer.WriteNumber("stepSize", stepDecay.StepSize);
                writer.WriteNumber("factor", stepDecay.Factor);
                break;
            case ExponentialSchedule exponential:
                writer.WriteString("kind", "exponential");
                writer.WriteNumber("factor", exponential.Factor);
                break;
            case CosineSchedule cosine:
                writer.WriteString("kind", "cosine");
                writer.WriteNumber("totalSteps", cosine.TotalSteps);
                writer.WriteNumber("minimumRate", cosine.MinimumRate);
                break;
            case WarmupSchedule warmup:
                writer.WriteString("kind", "warmup");
                writer.WriteNumber("warmupSteps", warmup.WarmupSteps);
                writer.WritePropertyName("then");
                WriteSchedule(writer, warmup.After);
                break;
            default:
                EnsureSupported(schedule);
                break;
        }

        writer.WriteEndObject();
    }

    private static LearningRateSchedule? ReadSchedule(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        static bool IsDecayFactor(double value) => value > 0 && value <= 1;
        var kind = PeekKind(element, path);
        switch (kind)
        {
            case "constant":
                _ = StrictJsonObject.Read(element, path, ["kind"]);
                return LearningRateSchedule.Constant;
            case "step-decay":
                var stepDecay = StrictJsonObject.Read(element, path, ["kind", "stepSize", "factor"]);
                return LearningRateSchedule.StepDecay(stepDecay.Int32("stepSize", 1, int.MaxValue), stepDecay.Number("factor", IsDecayFactor, "in (0, 1]"));
            case "exponential":
                var exponential = StrictJsonObject.Read(element, path, ["kind", "factor"]);
                return LearningRateSchedule.Exponential(exponential.Number("factor", IsDecayFactor, "in (0, 1]"));
            case "cosine":
                var cosine = StrictJsonObject.Read(element, path, ["kind", "totalSteps", "minimumRate"]);
                return LearningRateSchedule.Cosine(cosine.Integer("totalSteps", 1, long.MaxValue), cosine.Number("minimumRate", value => value >= 0, "at least 0"));
            case "warmup":
                var warmup = StrictJsonObject.Read(element, path, ["kind", "warmupSteps", "then"]);
                var steps = warmup.Int32("warmupSteps", 1, int.MaxValue);
                var then = ReadSchedule(warmup.Expect("then", JsonValueKind.Object), warmup.PathOf("then"));
                return then!.WithWarmup(steps);
            default:
                throw new ModelFormatException($"{path}.kind", $"unknown schedule \"{Shorten(kind)}\"; expected constant, step-decay, exponential, cosine or warmup.");
        }
    }

    /// <summary>Reads the <c>kind</c> member of an object before the rest (the other members depend on it).</summary>
    private static string PeekKind(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ModelFormatException(path, $"expected an object but found {StrictJsonObject.Describe(element.ValueKind)}.");
        }

        if (!element.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String)
        {
            throw new ModelFormatException($"{path}.kind", "the required string member \"kind\" is missing.");
        }

        return kind.GetString()!;
    }

    /// <summary>Converts a parameter vector between the trainer's order (column-major weights) and the file's (row-major).</summary>
    private static T[] ConvertOrder<T>(T[] vector, IReadOnlyList<DenseLayer<T>> layers, bool toFile)
        where T : struct, IFloatingPointIeee754<T>
    {
        var result = new T[vector.Length];
        var offset = 0;
        foreach (var layer in layers)
        {
            var weights = layer.Neurons * layer.InputSize;
            var segment = vector.AsSpan(offset, weights);
            var converted = toFile
                ? ParameterPayload.ToRowMajor<T>(segment, layer.Neurons, layer.InputSize)
                : ParameterPayload.ToColumnMajor<T>(segment, layer.Neurons, layer.InputSize);
            converted.CopyTo(result, offset);
            offset += weights;
            if (layer.HasBiases)
            {
                vector.AsSpan(offset, layer.Neurons).CopyTo(result.AsSpan(offset));
                offset += layer.Neurons;
            }
        }

        return result;
    }

    private static string Shorten(string text) => text.Length > 64 ? string.Concat(text.AsSpan(0, 64), "…") : text;
}
