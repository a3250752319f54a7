using System.Globalization;

namespace Backprop;

/// <summary>
/// Seeded train/test splits, stratified splits, k-fold and stratified k-fold indices, and cross-validation over
/// them (scikit-learn's <c>train_test_split</c>, <c>KFold</c>, <c>StratifiedKFold</c> and <c>cross_val_score</c>).
/// </summary>
/// <remarks>
/// Every split starts from the same seeded shuffle, <c>new Random(seed).Shuffle</c> of <c>0 … count − 1</c> (the
/// shuffle the trainer's <c>ValidationFraction</c> uses), so the same seed always gives the same indices on every
/// machine. The indices are sample positions: columns of a <c>features × samples</c> matrix, rows of a
/// <c>double[][]</c>. Each list is sorted ascending; train and test are disjoint and together cover every sample.
/// </remarks>
public static class ModelSelection
{
    /// <summary>
    /// A seeded random split: the test part is the last <c>⌊count · testFraction⌋</c> samples of the shuffle (so
    /// with the trainer's seed it is exactly the trainer's <c>ValidationFraction</c> hold-out), the rest train.
    /// </summary>
    /// <param name="count">The number of samples, at least 2.</param>
    /// <param name="testFraction">The fraction held out, strictly between 0 and 1.</param>
    /// <param name="seed">The shuffle's seed.</param>
    /// <returns>The train and test indices.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="testFraction"/> is not strictly between 0 and 1, or leaves a part empty (<c>⌊count · testFraction⌋</c> is 0 or <paramref name="count"/>).
    /// </exception>
    public static TrainTestIndices Split(int count, double testFraction, int seed) => Split(count, testFraction, seed, nameof(testFraction));

    /// <summary>
    /// A seeded split that keeps each class's share in both parts (scikit-learn's <c>stratify=y</c>).
    /// </summary>
    /// <param name="labels">Each sample's label; compared by <see cref="EqualityComparer{T}.Default"/>.</param>
    /// <param name="testFraction">The fraction held out, strictly between 0 and 1.</param>
    /// <param name="seed">The shuffle's seed.</param>
    /// <returns>The train and test indices.</returns>
    /// <remarks>
    /// The rounding rule. The test part aims at <c>⌊count · testFraction⌋</c> samples (as <see cref="Split(int, double, int)"/>).
    /// A class of <c>n</c> samples first gets <c>⌊n · testFraction⌋</c> of them; the samples still missing go one
    /// each to the classes with the largest remainders <c>n · testFraction − ⌊n · testFraction⌋</c> (a tie goes to the
    /// class whose first sample comes first). Then every class of at least 2 samples is put in both parts: a class
    /// given 0 test samples gets 1, a class given all of them keeps 1 for training (so the test part can be a few
    /// samples larger or smaller than aimed at); a class of a single sample trains. The samples of a class that
    /// test are its first ones in the seeded shuffle.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="labels"/> is null.</exception>
    /// <exception cref="ArgumentException">A label is null or NaN (naming its index).</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="testFraction"/> is not strictly between 0 and 1, or leaves a part empty.
    /// </exception>
    public static TrainTestIndices StratifiedSplit<TLabel>(IReadOnlyList<TLabel> labels, double testFraction, int seed)
        where TLabel : notnull
    {
        ArgumentNullException.ThrowIfNull(labels);
        var count = labels.Count;
        var aimed = RequireTestCount(count, testFraction, nameof(testFraction));
        var (classOf, sizes) = ClassesByFirstAppearance(labels);
        var testOfClass = new int[sizes.Length];
        var remainders = new double[sizes.Length];
        var given = 0;
        for (var c = 0; c < sizes.Length; c++)
        {
            var share = sizes[c] * testFraction;
            testOfClass[c] = (int)Math.Floor(share);
            remainders[c] = share - testOfClass[c];
            given += testOfClass[c];
        }

        // Largest remainders first; a stable sort keeps the classes in order of first appearance on a tie.
        var byRemainder = Enumerable.Range(0, sizes.Length).OrderByDescending(c => remainders[c]).ToArray();
        for (var i = 0; given < aimed && i < byRemainder.Length; i++)
        {
            testOfClass[byRemainder[i]]++;
            given++;
        }

        for (var c = 0; c < sizes.Length; c++)
        {
            if (sizes[c] >= 2)
            {
                testOfClass[c] = Math.Clamp(testOfClass[c], 1, sizes[c] - 1);
            }
            else
            {
                testOfClass[c] = 0;
            }
        }

        var order = Shuffled(count, seed);
        var isTest = new bool[count];
        foreach (var sample in order)
        {
            var c = classOf[sample];
            if (testOfClass[c] > 0)
            {
                isTest[sample] = true;
                testOfClass[c]--;
            }
        }

        return FromMask(isTest);
    }

    /// <summary>
    /// K-fold indices: the seeded shuffle cut into <paramref name="folds"/> consecutive parts, each the test part of
    /// one fold. As in scikit-learn's <c>KFold</c>, the first <c>count mod folds</c> parts have one sample more than
    /// the others (<c>⌊count / folds⌋</c>).
    /// </summary>
    /// <param name="count">The number of samples, at least <paramref name="folds"/>.</param>
    /// <param name="folds">The number of folds, at least 2.</param>
    /// <param name="seed">The shuffle's seed.</param>
    /// <returns>One <see cref="TrainTestIndices"/> per fold; every sample tests in exactly one fold.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is below 2 or above <paramref name="count"/>.</exception>
    public static IReadOnlyList<TrainTestIndices> KFold(int count, int folds, int seed)
    {
        RequireFolds(count, folds);
        var order = Shuffled(count, seed);
        var foldOf = new int[count];
        var start = 0;
        for (var f = 0; f < folds; f++)
        {
            var size = (count / folds) + (f < count % folds ? 1 : 0);
            for (var i = start; i < start + size; i++)
            {
                foldOf[order[i]] = f;
            }

            start += size;
        }

        return FromFoldNumbers(foldOf, folds);
    }

    /// <summary>
    /// Stratified k-fold indices: each class's samples are spread over the folds as evenly as they divide.
    /// </summary>
    /// <param name="labels">Each sample's label; compared by <see cref="EqualityComparer{T}.Default"/>.</param>
    /// <param name="folds">The number of folds, at least 2 and at most the number of samples.</param>
    /// <param name="seed">The shuffle's seed.</param>
    /// <returns>One <see cref="TrainTestIndices"/> per fold; every sample tests in exactly one fold.</returns>
    /// <remarks>
    /// The rule: the seeded shuffle, stably sorted by class (classes in order of first appearance in the labels), is
    /// dealt to the folds in turn, 0, 1, …, <c>folds − 1</c>, 0, …. So fold sizes differ by at most one, and a class of
    /// <c>n</c> samples has <c>⌊n / folds⌋</c> or <c>⌈n / folds⌉</c> of them in each fold's test part (a class
    /// smaller than <paramref name="folds"/> is missing from some test parts, as scikit-learn warns).
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="labels"/> is null.</exception>
    /// <exception cref="ArgumentException">A label is null or NaN (naming its index).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is below 2 or above the number of samples.</exception>
    public static IReadOnlyList<TrainTestIndices> StratifiedKFold<TLabel>(IReadOnlyList<TLabel> labels, int folds, int seed)
        where TLabel : notnull
    {
        ArgumentNullException.ThrowIfNull(labels);
        var (classOf, _) = ClassesByFirstAppearance(labels);
        RequireFolds(labels.Count, folds);
        var order = Shuffled(labels.Count, seed);
        var byClass = order.OrderBy(sample => classOf[sample]).ToArray(); // OrderBy is stable
        var foldOf = new int[labels.Count];
        for (var i = 0; i < byClass.Length; i++)
        {
            foldOf[byClass[i]] = i % folds;
        }

        return FromFoldNumbers(foldOf, folds);
    }

    /// <summary>
    /// Runs <paramref name="fitAndScore"/> once per fold, in order (fit on <see cref="TrainTestIndices.Train"/>,
    /// score on <see cref="TrainTestIndices.Test"/>), and collects the scores.
    /// </summary>
    /// <param name="folds">The folds, e.g. from <see cref="KFold"/> or <see cref="StratifiedKFold"/>; at least one.</param>
    /// <param name="fitAndScore">Trains a fresh model on a fold's training samples and returns its score on the test samples.</param>
    /// <returns>The per-fold scores, their mean and population standard deviation.</returns>
    /// <exception cref="ArgumentNullException">An argument or a fold is null.</exception>
    /// <exception cref="ArgumentException">There are no folds.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="fitAndScore"/> returned NaN or an infinity (naming the fold).</exception>
    public static CrossValidationResult CrossValidate(IReadOnlyList<TrainTestIndices> folds, Func<TrainTestIndices, double> fitAndScore)
    {
        ArgumentNullException.ThrowIfNull(folds);
        ArgumentNullException.ThrowIfNull(fitAndScore);
        if (folds.Count == 0)
        {
            throw new ArgumentException("There are no folds to cross-validate over.", nameof(folds));
        }

        for (var f = 0; f < folds.Count; f++)
        {
            if (folds[f] is null)
            {
                throw new ArgumentNullException(nameof(folds), string.Create(CultureInfo.InvariantCulture, $"Fold {f} is null."));
            }
        }

        var scores = new double[folds.Count];
        for (var f = 0; f < scores.Length; f++)
        {
            scores[f] = fitAndScore(folds[f]);
            if (!double.IsFinite(scores[f]))
            {
                throw new InvalidOperationException(
                    string.Create(CultureInfo.InvariantCulture, $"The score of fold {f} is {scores[f]}; a cross-validation score must be a finite number."));
            }
        }

        return new CrossValidationResult(scores);
    }

    /// <summary><see cref="Split(int, double, int)"/> with the fraction's parameter named as the caller names it.</summary>
    internal static TrainTestIndices Split(int count, double testFraction, int seed, string fractionName)
    {
        var held = RequireTestCount(count, testFraction, fractionName);
        var order = Shuffled(count, seed);
        return new TrainTestIndices(order[..(count - held)], order[(count - held)..]);
    }

    /// <summary><c>⌊count · fraction⌋</c>, checked to leave both parts at least one sample.</summary>
    private static int RequireTestCount(int count, double fraction, string fractionName)
    {
        if (!double.IsFinite(fraction) || fraction <= 0 || fraction >= 1)
        {
            throw new ArgumentOutOfRangeException(fractionName, fraction, "The fraction held out must be strictly between 0 and 1.");
        }

        var held = (int)Math.Floor(count * fraction);
        if (held == 0 || held == count)
        {
            throw new ArgumentOutOfRangeException(
                fractionName,
                fraction,
                string.Create(CultureInfo.InvariantCulture, $"A fraction of {fraction} of {count} samples holds out {held} and leaves {count - held}; both parts need at least one sample."));
        }

        return held;
    }

    private static void RequireFolds(int count, int folds)
    {
        if (folds < 2 || folds > count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(folds), folds, string.Create(CultureInfo.InvariantCulture, $"The number of folds must be at least 2 and at most the {count} samples, but it is {folds}."));
        }
    }

    /// <summary>The seeded permutation of <c>0 … count − 1</c> every split starts from.</summary>
    private static int[] Shuffled(int count, int seed)
    {
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        new Random(seed).Shuffle(order);
        return order;
    }

    /// <summary>Each sample's class number (classes numbered in order of first appearance) and each class's size.</summary>
    private static (int[] ClassOf, int[] Sizes) ClassesByFirstAppearance<TLabel>(IReadOnlyList<TLabel> labels)
        where TLabel : notnull
    {
        var classes = LabelClasses<TLabel>.CreateInOrderOfAppearance(labels, nameof(labels));
        var classOf = classes.Encode(labels, nameof(labels));
        var sizes = new int[classes.Count];
        foreach (var c in classOf)
        {
            sizes[c]++;
        }

        return (classOf, sizes);
    }

    private static TrainTestIndices FromMask(bool[] isTest)
    {
        var test = new List<int>();
        var train = new List<int>();
        for (var i = 0; i < isTest.Length; i++)
        {
            (isTest[i] ? test : train).Add(i);
        }

        return new TrainTestIndices(train.ToArray(), test.ToArray());
    }

    private static TrainTestIndices[] FromFoldNumbers(int[] foldOf, int folds)
    {
        var result = new TrainTestIndices[folds];
        for (var f = 0; f < folds; f++)
        {
            var isTest = new bool[foldOf.Length];
            for (var i = 0; i < foldOf.Length; i++)
            {
                isTest[i] = foldOf[i] == f;
            }

            result[f] = FromMask(isTest);
        }

        return result;
    }
}
