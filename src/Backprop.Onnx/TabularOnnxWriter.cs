using System.Text.Json;
using Backprop.Onnx.Protos;

namespace Backprop.Onnx;

/// <summary>
/// The ONNX model of a whole <see cref="Classifier{TLabel}"/> or <see cref="Regressor"/> (see <see cref="OnnxExport"/>):
/// the preprocessing as ONNX nodes, then the network's layers, then the outputs, all in float32.
/// </summary>
internal static class TabularOnnxWriter
{
    public static ModelProto Classifier<TLabel>(Classifier<TLabel> classifier)
        where TLabel : notnull
    {
        var network = Single(classifier.Model.Network);
        var (graph, previous) = Preprocessing(classifier.Preprocessing, network);
        graph.Prefix = "output";
        var probabilities = previous;
        if (classifier.Classes.Count == 2)
        {
            // One sigmoid output p = P(Classes[1]): the probabilities are [1 − p, p].
            var complement = graph.AddNode("Sub", [graph.AddScalar(1), previous]);
            probabilities = graph.AddNode("Concat", [complement, previous], OnnxAttribute.Of("axis", 1L));
        }

        var index = graph.AddNode("ArgMax", [probabilities], OnnxAttribute.Of("axis", 1L), OnnxAttribute.Of("keepdims", 0L));
        graph.NameOutput(probabilities, OnnxExport.ProbabilitiesName);
        graph.NameOutput(index, OnnxExport.ClassIndexName);
        graph.Graph.Output.Add(OnnxModelWriter.ValueInfo(OnnxExport.ProbabilitiesName, Float, classifier.Classes.Count));
        graph.Graph.Output.Add(OnnxModelWriter.ValueInfo(OnnxExport.ClassIndexName, OnnxModelWriter.Int64, null));
        var model = OnnxModelWriter.Model(graph.Graph, classifier.ToString());
        Metadata(model, "backprop.model", "classifier");
        Metadata(model, OnnxExport.ClassesMetadataKey, JsonSerializer.Serialize(classifier.Classes.Select(c => LabelText<TLabel>.Format(c)).ToArray()));
        Metadata(model, "backprop.label_type", LabelText<TLabel>.TypeName ?? typeof(TLabel).FullName ?? typeof(TLabel).Name);
        Metadata(model, OnnxExport.FeaturesMetadataKey, JsonSerializer.Serialize(classifier.Preprocessing.FeatureNames));
        return model;
    }

    public static ModelProto Regressor(Regressor regressor)
    {
        var network = Single(regressor.Model.Network);
        var (graph, previous) = Preprocessing(regressor.Preprocessing, network);
        graph.Prefix = "output";

        // ŷ = mean + std · output: the target scaling undone.
        var scales = regressor.TargetStandardDeviations.Select(s => (float)(s == 0 ? 1 : s)).ToArray();
        var scaled = graph.AddNode("Mul", [previous, graph.Initializer("target.scale", scales, 1, scales.Length)]);
        var means = regressor.TargetMeans.Select(m => (float)m).ToArray();
        var prediction = graph.AddNode("Add", [scaled, graph.Initializer("target.mean", means, 1, means.Length)]);
        graph.NameOutput(prediction, OnnxExport.PredictionName);
        graph.Graph.Output.Add(OnnxModelWriter.ValueInfo(OnnxExport.PredictionName, Float, regressor.TargetCount));
        var model = OnnxModelWriter.Model(graph.Graph, regressor.ToString());
        Metadata(model, "backprop.model", "regressor");
        Metadata(model, OnnxExport.TargetsMetadataKey, JsonSerializer.Serialize(regressor.TargetNames));
        Metadata(model, OnnxExport.FeaturesMetadataKey, JsonSerializer.Serialize(regressor.Preprocessing.FeatureNames));
        return model;
    }

    private static int Float => (int)TensorProto.Types.DataType.Float;

    /// <summary>The input, imputation (IsNaN, Where), one-hot encoding (Slice, Equal, Cast, Concat), standardisation (Sub, Div) and the layers.</summary>
    private static (OnnxModelWriter.GraphBuilder<float> Graph, string Output) Preprocessing(TabularPreprocessing preprocessing, Network<float> network)
    {
        var graph = new OnnxModelWriter.GraphBuilder<float>(Float);
        graph.Graph.Name = "backprop_model";
        graph.Graph.Input.Add(OnnxModelWriter.ValueInfo(OnnxExport.InputName, Float, preprocessing.FeatureCount));
        graph.Prefix = "preprocessing";
        var width = preprocessing.FeatureCount;
        var previous = OnnxExport.InputName;
        if (preprocessing.MissingValues == MissingValuePolicy.Impute)
        {
            var missing = graph.AddNode("IsNaN", [previous]);
            var imputed = graph.Initializer("preprocessing.imputed", preprocessing.ImputedValues.Select(v => (float)v).ToArray(), 1, width);
            previous = graph.AddNode("Where", [missing, imputed, previous]);
        }

        if (preprocessing.CategoricalColumns.Count > 0)
        {
            var parts = new List<string>();
            var axis = graph.Int64Initializer("preprocessing.axis1", [1], 1);
            for (var c = 0; c < width; c++)
            {
                var column = preprocessing.Columns[c];
                var start = graph.Int64Initializer($"preprocessing.column{c}.start", [c], 1);
                var end = graph.Int64Initializer($"preprocessing.column{c}.end", [c + 1], 1);
                var slice = graph.AddNode("Slice", [previous, start, end, axis]);
                if (column.CategoryValues is { } categories)
                {
                    // One indicator per category: (x == category) as 0/1.
                    var values = graph.Initializer($"preprocessing.column{c}.categories", categories.Select(v => (float)v).ToArray(), 1, categories.Length);
                    var equal = graph.AddNode("Equal", [slice, values]);
                    parts.Add(graph.AddNode("Cast", [equal], OnnxAttribute.Of("to", (long)Float)));
                }
                else
                {
                    parts.Add(slice);
                }
            }

            previous = graph.AddNode("Concat", parts, OnnxAttribute.Of("axis", 1L));
        }

        // x′ = (x − mean) / scale, the scale 1 for a constant feature and for the indicators.
        var encoded = preprocessing.EncodedFeatureCount;
        var means = graph.Initializer("preprocessing.mean", preprocessing.Standardizer.Means.Select(v => (float)v).ToArray(), 1, encoded);
        var scales = graph.Initializer("preprocessing.scale", preprocessing.Standardizer.StandardDeviations.Select(s => (float)(s == 0 ? 1 : s)).ToArray(), 1, encoded);
        previous = graph.AddNode("Div", [graph.AddNode("Sub", [previous, means]), scales]);
        return (graph, OnnxModelWriter.AddLayers(graph, network, previous));
    }

    /// <summary>The float32 copy of a float64 network (the same built-in activations and loss).</summary>
    private static Network<float> Single(Network<double> network)
    {
        var copy = network.Clone();
        var layers = copy.Layers.Select((layer, l) =>
        {
            var activation = KnownNames.FindActivation<float>(layer.Activation.Name, out _)
                ?? throw new NotSupportedException($"Layer {l}'s activation '{layer.Activation.Name}' is custom; a whole model exports built-in activations only.");
            return new DenseLayer<float>(layer.GetWeights().Map(w => (float)w), layer.GetBiases()?.Map(b => (float)b), activation);
        });
        return new Network<float>(layers, KnownNames.FindLoss<float>(network.Loss.Name));
    }

    private static void Metadata(ModelProto model, string key, string value) => model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
}
