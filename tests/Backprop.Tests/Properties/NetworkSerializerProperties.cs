using Backprop.Tests.TestSupport;
using FsCheck.Xunit;

namespace Backprop.Tests.Properties;

/// <summary>For every generated architecture, saving a network and loading it back is the identity.</summary>
[Properties(Arbitrary = [typeof(NetworkArbitraries)])]
public sealed class NetworkSerializerProperties
{
    [Property(MaxTest = 200)]
    public void Save_then_load_gives_the_same_network_bit_for_bit(NetworkCase c)
    {
        // Given a generated network (every activation, loss, width, biases or none) and a batch
        var network = c.CreateNetwork();
        var inputs = c.CreateInputs();

        // When it is saved to a stream and loaded back
        using var file = new MemoryStream();
        network.Save(file);
        file.Position = 0;
        var loaded = Network<double>.Load(file);

        // Then it has the same layers, activations, loss and parameters bit for bit, and predicts the same bits;
        // saving it again writes the same bytes
        loaded.ToString().Should().Be(network.ToString());
        loaded.Loss.Name.Should().Be(network.Loss.Name);
        loaded.Layers.Select(layer => (layer.Activation.Name, layer.HasBiases))
            .Should().Equal(network.Layers.Select(layer => (layer.Activation.Name, layer.HasBiases)));
        ParameterSnapshot<double>.Of(network).ShouldBeBitIdenticalTo(loaded, "after save and load");
        Bitwise.ShouldEqual(network.Predict(inputs).ToColumnMajorArray(), loaded.Predict(inputs).ToColumnMajorArray(), "the predictions");
        using var again = new MemoryStream();
        loaded.Save(again);
        again.ToArray().Should().Equal(file.ToArray());
    }
}
