using System.Text;
using System.Text.Json.Nodes;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Serialization;

/// <summary>
/// Files that are well formed and pass every per-value check, but whose values make the model useless: all weights
/// 1e308, a float ELU α of 1e39, an L-BFGS ρ of 1e300, iRprop step sizes above their maximum. Each is refused on load
/// by the rule the code obeys (the checksum is not checked here: an attacker recomputes it).
/// </summary>
public sealed class PoisonedValueTests
{
    [Fact]
    public void A_network_whose_weights_are_all_1e308_is_refused_on_load_and_not_saved()
    {
        // Given a 2 → 2 → 1 network file whose weights are all rewritten to 1e308 (each finite; 2·1e308 is not)
        var network = new Network<double>(
            new DenseLayer<double>(Matrix<double>.Build.Dense(2, 2, 0.5), Vector<double>.Build.Dense(2), Activation<double>.Identity),
            new DenseLayer<double>(Matrix<double>.Build.Dense(1, 2, 0.5), Vector<double>.Build.Dense(1), Activation<double>.Identity));
        var root = Json(stream => network.Save(stream));
        foreach (var layer in root["network"]!["layers"]!.AsArray())
        {
            layer!["weights"] = Doubles(Enumerable.Repeat(1e308, Convert.FromBase64String(layer["weights"]!.GetValue<string>()).Length / 8));
        }

        // When it is loaded, and a network with such weights is saved
        var load = () => Network<double>.Load(Bytes(root), new ModelLoadOptions { VerifyChecksum = false });
        var poisoned = new Network<double>(new DenseLayer<double>(Matrix<double>.Build.Dense(1, 2, 1e308), Activation<double>.Identity));
        var save = () => poisoned.Save(new MemoryStream());

        // Then the load is refused, naming the output and the element type, and the save writes nothing
        load.Should().Throw<ModelFormatException>().Where(e => e.Location == "$.network").WithMessage("*all ones is*Double*1E+308*");
        save.Should().Throw<InvalidOperationException>().WithMessage("*would not load*");
    }

    [Fact]
    public void A_float_network_with_an_ELU_alpha_beyond_float_is_refused()
    {
        // Given a float network file whose ELU α is 1e39 (∞ as a float)
        var network = new NetworkBuilder<float>(2).AddDense(2, Activation<float>.Elu(1)).AddDense(1, Activation<float>.Identity).WithSeed(1).Build();
        var root = Json(stream => network.Save(stream));
        root["network"]!["layers"]![0]!["activation"] = "elu(1E+39)";

        // When it is loaded, then it is refused at the activation
        var load = () => Network<float>.Load(Bytes(root), new ModelLoadOptions { VerifyChecksum = false });
        load.Should().Throw<ModelFormatException>().Where(e => e.Location == "$.network.layers[0].activation").WithMessage("*not representable in float*");
    }

    [Fact]
    public void An_LBFGS_rho_that_is_not_the_reciprocal_of_its_pair_is_refused()
    {
        // Given an L-BFGS checkpoint after two steps (two remembered pairs), with ρ₀ rewritten to 1e300
        var network = new NetworkBuilder<double>(2).AddDense(3, Activation<double>.Tanh).AddDense(1, Activation<double>.Identity).WithSeed(1).Build();
        var trainer = new Trainer<double>(new LbfgsOptimizer<double> { HistorySize = 3 }) { MiniBatchSize = int.MaxValue, Epochs = 3 };
        var inputs = Matrix<double>.Build.Dense(2, 8, (i, j) => Math.Sin(i + (3 * j)));
        trainer.Fit(network, inputs, Matrix<double>.Build.Dense(1, 8, (i, j) => Math.Cos(j)));
        var root = Json(stream => new Checkpoint<double>(network, trainer).Save(stream));
        var untouched = Bytes(root);
        var rho = Convert.FromBase64String(root["optimizer"]!["state"]!["rho"]!.GetValue<string>());
        BitConverter.GetBytes(1e300).CopyTo(rho, 0);
        root["optimizer"]!["state"]!["rho"] = Convert.ToBase64String(rho);

        // When both are loaded, then the untouched one loads and the poisoned one is refused at ρ
        var loadUntouched = () => Checkpoint<double>.Load(untouched, new ModelLoadOptions { VerifyChecksum = false });
        loadUntouched.Should().NotThrow();
        var load = () => Checkpoint<double>.Load(Bytes(root), new ModelLoadOptions { VerifyChecksum = false });
        load.Should().Throw<ModelFormatException>().Where(e => e.Location == "$.optimizer.state.rho").WithMessage("*1/(sᵀy)*");
    }

    [Fact]
    public void IRprop_step_sizes_above_their_maximum_are_refused()
    {
        // Given an iRprop− checkpoint (maximum step 50) whose first step size is rewritten to 1e300
        var network = new NetworkBuilder<double>(2).AddDense(1, Activation<double>.Identity).WithSeed(1).Build();
        var trainer = new Trainer<double>(new IRpropMinusOptimizer<double>()) { MiniBatchSize = int.MaxValue };
        trainer.Fit(network, Matrix<double>.Build.Dense(2, 4, (i, j) => i - j), Matrix<double>.Build.Dense(1, 4, 1));
        var root = Json(stream => new Checkpoint<double>(network, trainer).Save(stream));
        var steps = Convert.FromBase64String(root["optimizer"]!["state"]!["stepSizes"]!.GetValue<string>());
        BitConverter.GetBytes(1e300).CopyTo(steps, 0);
        root["optimizer"]!["state"]!["stepSizes"] = Convert.ToBase64String(steps);

        // When it is loaded, then it is refused at the step sizes, naming the bounds
        var load = () => Checkpoint<double>.Load(Bytes(root), new ModelLoadOptions { VerifyChecksum = false });
        load.Should().Throw<ModelFormatException>().Where(e => e.Location == "$.optimizer.state.stepSizes").WithMessage("*within [minimumStep, maximumStep]*");
    }

    private static JsonNode Json(Action<Stream> save)
    {
        using var stream = new MemoryStream();
        save(stream);
        return JsonNode.Parse(stream.ToArray())!;
    }

    private static MemoryStream Bytes(JsonNode root) => new(Encoding.UTF8.GetBytes(root.ToJsonString()));

    private static string Doubles(IEnumerable<double> values) => Convert.ToBase64String([.. values.SelectMany(BitConverter.GetBytes)]);
}
