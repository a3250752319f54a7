using System.Globalization;
using System.Text;

namespace Backprop;

/// <summary>The lines a model's <c>Summary()</c> adds around its network's table.</summary>
internal static class ModelSummary
{
    /// <summary>The whole summary: the model's own first line, its preprocessing, the network's table and how training ended.</summary>
    public static string Compose(string header, TabularPreprocessing preprocessing, Network<double> network, TrainingHistory? history)
    {
        var text = new StringBuilder();
        text.AppendLine(header);
        text.AppendLine(Preprocessing(preprocessing));
        text.Append(network.Summary());
        if (history is not null)
        {
            text.AppendLine().Append(Training(history));
        }

        return text.ToString();
    }

    public static string Preprocessing(TabularPreprocessing preprocessing)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Input: {preprocessing.FeatureCount} features → {preprocessing.EncodedFeatureCount} network inputs");
        if (preprocessing.CategoricalColumns.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({preprocessing.CategoricalColumns.Count} one-hot encoded: {string.Join(", ", preprocessing.CategoricalColumns.Select(c => $"'{c}'"))})");
        }

        text.Append(CultureInfo.InvariantCulture, $"; standardised; missing values: {(preprocessing.MissingValues == MissingValuePolicy.Refuse ? "refused" : "imputed (training mean / most frequent)")}");
        return text.ToString();
    }

    public static string Training(TrainingHistory history)
    {
        var epochs = history.Epochs;
        if (epochs.Count == 0)
        {
            return "Not trained.";
        }

        var last = epochs[^1];
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Trained {epochs.Count} epochs; final training loss {last.Loss:G4}");
        if (history.BestEpoch is { } best)
        {
            text.Append(CultureInfo.InvariantCulture, $"; best validation loss {epochs[best - 1].ValidationLoss:G4} at epoch {best}");
        }

        if (history.StoppedEarly)
        {
            text.Append("; stopped early");
        }

        if (history.RestoredBestWeights)
        {
            text.Append(", best epoch's weights kept");
        }

        return text.Append('.').ToString();
    }
}
