using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Backprop.Diagnostics;

/// <summary>
/// Writes the explainer page's data. Doubles are written in round-trip form (each reads back as the same double);
/// the default encoder escapes <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c>, so the text is safe inside a
/// <c>&lt;script&gt;</c> element whatever a custom activation calls itself. Short keys keep the page small:
/// <c>w</c>, <c>b</c>, <c>z</c>, <c>a</c>, <c>fp</c> (f′(z)), <c>back</c> ((Wˡ⁺¹)ᵀδˡ⁺¹), <c>delta</c>, <c>gb</c>/<c>gw</c>
/// (∂C/∂b, ∂C/∂W), <c>db</c>/<c>dw</c> (Δb, ΔW), <c>nb</c>/<c>nw</c> (after the update), <c>fdb</c>/<c>fdw</c>
/// (finite differences), <c>rew</c>/<c>reb</c> (the check's largest relative error in the layer).
/// </summary>
internal static class ExplainJson
{
    public const string Format = "backprop-explainer/1";

    public static string Write(ExplainNetwork network, IReadOnlyList<ExplainStep> steps)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.Default }))
        {
            var first = steps[0].Trace;
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteString("title", network.Title);
            json.WriteBoolean("drawn", network.IsDrawn);
            json.WriteNumber("maxDrawn", Explainer.MaxDrawnNodesPerLayer);
            json.WritePropertyName("sizes");
            WriteArray(json, network.Sizes.Select(size => (double)size));
            json.WriteNumber("learningRate", first.LearningRate);
            json.WriteNumber("samples", first.Inputs[0].Length);
            json.WriteNumber("gradientCheckStep", steps[0].GradientCheckStep);
            json.WriteStartObject("loss");
            json.WriteString("name", network.LossName);
            json.WriteString("formula", network.LossFormula);
            json.WriteString("outputDelta", network.OutputDeltaFormula);
            json.WriteEndObject();
            json.WriteStartArray("layers");
            foreach (var layer in network.Layers)
            {
                json.WriteStartObject();
                json.WriteNumber("layer", layer.Layer);
                json.WriteString("activation", layer.ActivationName);
                json.WriteString("formula", layer.Formula);
                json.WriteString("derivative", layer.DerivativeFormula);
                json.WriteBoolean("biases", layer.HasBiases);
                json.WriteNumber("dropout", layer.DropoutRate);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WritePropertyName("x");
            WriteRows(json, first.Inputs);
            json.WritePropertyName("y");
            WriteRows(json, first.Targets);
            json.WriteStartArray("steps");
            foreach (var step in steps)
            {
                WriteStep(json, step, network.IsDrawn);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteStep(Utf8JsonWriter json, ExplainStep step, bool drawn)
    {
        var trace = step.Trace;
        json.WriteStartObject();
        json.WriteNumber("cost", trace.Cost);
        json.WritePropertyName("sampleCosts");
        WriteArray(json, step.SampleCosts);
        json.WriteStartArray("layers");
        for (var l = 0; l < trace.Layers.Count; l++)
        {
            var layer = trace.Layers[l];
            json.WriteStartObject();
            if (drawn)
            {
                Rows(json, "w", layer.Weights);
                Values(json, "b", layer.Biases);
                Rows(json, "z", layer.WeightedInput);
                Rows(json, "a", layer.Activation);
                Rows(json, "fp", step.Derivatives[l]);
                Rows(json, "back", step.BackSums[l]);
                Rows(json, "delta", layer.Delta);
                Values(json, "gb", layer.BiasGradient);
                Rows(json, "gw", layer.WeightGradient);
                Values(json, "db", layer.BiasUpdate);
                Rows(json, "dw", layer.WeightUpdate);
                Values(json, "nb", step.NewBiases[l]);
                Rows(json, "nw", step.NewWeights[l]);
                Values(json, "fdb", step.NumericBiasGradients?[l]);
                json.WriteNumber("rew", step.GradientCheckErrors![l].Weights);
                if (step.GradientCheckErrors[l].Biases is { } biasError)
                {
                    json.WriteNumber("reb", biasError);
                }

                Rows(json, "fdw", step.NumericWeightGradients?[l]);
            }
            else
            {
                json.WriteNumber("gradientNorm", Math.Sqrt(layer.WeightGradient.Sum(row => row.Sum(g => g * g))));
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Rows(Utf8JsonWriter json, string name, IReadOnlyList<double[]>? rows)
    {
        json.WritePropertyName(name);
        if (rows is null)
        {
            json.WriteNullValue();
            return;
        }

        WriteRows(json, rows);
    }

    private static void Values(Utf8JsonWriter json, string name, double[]? values)
    {
        json.WritePropertyName(name);
        if (values is null)
        {
            json.WriteNullValue();
            return;
        }

        WriteArray(json, values);
    }

    private static void WriteRows(Utf8JsonWriter json, IReadOnlyList<double[]> rows)
    {
        json.WriteStartArray();
        foreach (var row in rows)
        {
            WriteArray(json, row);
        }

        json.WriteEndArray();
    }

    private static void WriteArray(Utf8JsonWriter json, IEnumerable<double> values)
    {
        json.WriteStartArray();
        foreach (var value in values)
        {
            json.WriteNumberValue(value);
        }

        json.WriteEndArray();
    }
}
