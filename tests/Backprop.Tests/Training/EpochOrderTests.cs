using System.Text.Json.Nodes;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Training;

/// <summary>
/// Each epoch's shuffle is computed from (seed, epoch index) alone, as <c>Trainer.Seed</c> documents, so resuming a
/// run at any epoch costs one shuffle: a checkpoint claiming 2³¹ − 2 completed epochs trains its next epoch at once,
/// in the order the documented rule gives.
/// </summary>
public sealed class EpochOrderTests
{
    [Fact]
    public void The_order_of_an_epoch_is_the_documented_Fisher_Yates_shuffle_of_SplitMix64_draws()
    {
        // Given the rule written out independently of the library (Trainer.Seed and EpochOrder's documentation)
        foreach (var (seed, epoch, samples) in new[] { (7, 0, 20), (7, 1, 20), (-3, 2_147_483_646, 37), (0, 5, 1) })
        {
            // When the library fills epoch k's order
            var order = new int[samples];
            EpochOrder.Fill(order, seed, epoch, shuffle: true);

            // Then it is the reference order, a permutation of the samples
            order.Should().Equal(ReferenceOrder(seed, epoch, samples), $"seed {seed}, epoch {epoch}");
            order.Order().Should().Equal(Enumerable.Range(0, samples));
        }
    }

    [Fact]
    public void A_checkpoint_two_epochs_before_the_limit_resumes_with_one_shuffle_in_the_documented_order()
    {
        // Given a checkpoint whose trainer claims 2³¹ − 2 completed epochs (replaying them one by one would take days)
        const int Completed = int.MaxValue - 1;
        var network = new NetworkBuilder<double>(2).AddDense(3, Activation<double>.Tanh).AddDense(1, Activation<double>.Identity).WithSeed(4).Build();
        var inputs = TestData.Uniform(new Random(5), 2, 10);
        var targets = TestData.Uniform(new Random(6), 1, 10);
        var reference = network.Clone();
        var checkpoint = Rewrite(new Checkpoint<double>(network, new Trainer<double>(new SgdOptimizer<double>(0.1)) { MiniBatchSize = 4, Seed = 9 }), trainer =>
        {
            trainer["epochsCompleted"] = Completed;
            trainer["stepsTaken"] = 3L * Completed;
        });

        // When it trains one more epoch, and the reference makes the same three steps in the documented order
        var (loaded, loadedTrainer) = checkpoint;
        loadedTrainer.Fit(loaded, inputs, targets);
        var order = ReferenceOrder(9, Completed, 10);
        var steps = new Trainer<double>(new SgdOptimizer<double>(0.1));
        foreach (var batch in order.Chunk(4))
        {
            steps.Step(reference, Columns(inputs, batch), Columns(targets, batch));
        }

        // Then the weights are the same bits and the run counts the epoch
        ParameterSnapshot<double>.Of(reference).ShouldBeBitIdenticalTo(loaded, "epoch 2³¹ − 2 in the documented order");
        loadedTrainer.State.EpochsCompleted.Should().Be(int.MaxValue);
        loadedTrainer.State.StepsTaken.Should().Be((3L * Completed) + 3);
    }

    /// <summary>A checkpoint of the pair with its trainer members changed (the checksum is not checked: an attacker recomputes it).</summary>
    internal static Checkpoint<double> Rewrite(Checkpoint<double> checkpoint, Action<JsonNode> changeTrainer, Action<JsonNode>? changeRoot = null)
    {
        using var stream = new MemoryStream();
        checkpoint.Save(stream);
        var root = JsonNode.Parse(stream.ToArray())!;
        changeTrainer(root["trainer"]!);
        changeRoot?.Invoke(root);
        return Checkpoint<double>.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(root.ToJsonString())), new ModelLoadOptions { VerifyChecksum = false });
    }

    // Fisher–Yates from the last index down, swapping j with ⌊u·(j+1)/2⁶⁴⌋; u from SplitMix64 started at mix(seed·2³² + epoch).
    private static int[] ReferenceOrder(int seed, int epoch, int samples)
    {
        var order = Enumerable.Range(0, samples).ToArray();
        var state = Mix(((ulong)(uint)seed << 32) + (uint)epoch);
        for (var j = samples - 1; j > 0; j--)
        {
            state += 0x9E3779B97F4A7C15UL;
            var u = new System.Numerics.BigInteger(Mix(state));
            var pick = (int)((u * (j + 1)) >> 64);
            (order[j], order[pick]) = (order[pick], order[j]);
        }

        return order;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static Matrix<double> Columns(Matrix<double> source, int[] columns)
        => Matrix<double>.Build.DenseOfColumnVectors(columns.Select(source.Column));
}
