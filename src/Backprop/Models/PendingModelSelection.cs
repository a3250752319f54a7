// Temporary stand-in until the metrics branch (ModelSelection) is merged; deleted then.
namespace Backprop;

internal sealed record TrainTestIndices(IReadOnlyList<int> Train, IReadOnlyList<int> Test);

internal static class ModelSelection
{
    public static TrainTestIndices StratifiedSplit<TLabel>(IReadOnlyList<TLabel> labels, double testFraction, int seed)
        where TLabel : notnull
    {
        var random = new Random(seed);
        var train = new List<int>();
        var test = new List<int>();
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            var held = (int)Math.Round(members.Length * testFraction);
            test.AddRange(members.Take(held));
            train.AddRange(members.Skip(held));
        }

        return new TrainTestIndices(train, test);
    }

    public static TrainTestIndices Split(int samples, double testFraction, int seed)
    {
        var order = Enumerable.Range(0, samples).ToArray();
        new Random(seed).Shuffle(order);
        var held = (int)Math.Floor(samples * testFraction);
        return new TrainTestIndices(order[held..], order[..held]);
    }
}

internal static class PendingMetrics
{
    public static double Accuracy<TLabel>(IReadOnlyList<TLabel> actual, IReadOnlyList<TLabel> predicted, IReadOnlyList<double>? weights, IEqualityComparer<TLabel> comparer)
    {
        double hit = 0, total = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            var w = weights?[i] ?? 1;
            total += w;
            hit += comparer.Equals(actual[i], predicted[i]) ? w : 0;
        }

        return hit / total;
    }

    public static double R2(IReadOnlyList<double> actual, IReadOnlyList<double> predicted, IReadOnlyList<double>? weights)
    {
        double sw = 0, mean = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            var w = weights?[i] ?? 1;
            sw += w;
            mean += w * actual[i];
        }

        mean /= sw;
        double ssr = 0, sst = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            var w = weights?[i] ?? 1;
            ssr += w * (actual[i] - predicted[i]) * (actual[i] - predicted[i]);
            sst += w * (actual[i] - mean) * (actual[i] - mean);
        }

        return 1 - (ssr / sst);
    }
}
