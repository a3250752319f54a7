using System.Text;
using System.Text.Json.Nodes;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Models;

/// <summary>
/// The whole-model file of <see cref="Classifier{TLabel}"/> and <see cref="Regressor"/>: saved and loaded it predicts
/// bit for bit the same; a hostile or damaged file can only fail to load, with <see cref="ModelFormatException"/>
/// naming where.
/// </summary>
public sealed class TabularModelFileTests
{
    private static Classifier<string> Classifier(MissingValuePolicy policy = MissingValuePolicy.Refuse)
    {
        using var folder = new TemporaryDirectory();
        var path = folder.WriteText("data.csv", "size,colour,label\n1,red,yes\n2,blue,no\n3,red,yes\n4,blue,no\n5,green,no\n6,red,yes\n");
        return Classifier<string>.FitCsv(path, "label", new ClassifierOptions<string> { Epochs = 3, ValidationFraction = 0, MissingValues = policy });
    }

    private static byte[] Bytes(Action<Stream> save)
    {
        using var stream = new MemoryStream();
        save(stream);
        return stream.ToArray();
    }

    [Theory]
    [InlineData(MissingValuePolicy.Refuse)]
    [InlineData(MissingValuePolicy.Impute)]
    public void A_saved_classifier_loads_with_its_classes_preprocessing_and_bit_identical_probabilities(MissingValuePolicy policy)
    {
        // Given a classifier with a text column, saved to a file
        var model = Classifier(policy);
        using var folder = new TemporaryDirectory();
        var path = folder.File("model.json");
        model.Save(path);

        // When it is loaded
        var loaded = Classifier<string>.Load(path);

        // Then everything that predicts is the same, bit for bit
        loaded.Classes.Should().Equal(model.Classes);
        loaded.Preprocessing.FeatureNames.Should().Equal("size", "colour");
        loaded.Preprocessing.Categories("colour").Should().Equal("blue", "green", "red");
        loaded.Preprocessing.ImputedValues.Should().Equal(model.Preprocessing.ImputedValues);
        loaded.Preprocessing.Standardizer.Means.Should().Equal(model.Preprocessing.Standardizer.Means);
        foreach (var row in new[] { new[] { 2.5, 0 }, new[] { 7.0, 2 } })
        {
            loaded.PredictProbabilities(row).Should().Equal(model.PredictProbabilities(row));
        }

        loaded.History.Should().BeNull();
    }

    [Fact]
    public void A_saved_regressor_loads_with_its_target_scaling_and_bit_identical_predictions()
    {
        var random = new Random(1);
        var rows = Enumerable.Range(0, 30).Select(_ => new[] { random.NextDouble(), random.NextDouble() }).ToArray();
        var model = Regressor.Fit(rows, rows.Select(x => new[] { 100 * x[0], x[1] - 5 }).ToArray(), new RegressorOptions { Epochs = 3 });

        var loaded = Regressor.Load(new MemoryStream(Bytes(model.Save)));

        loaded.TargetNames.Should().Equal(model.TargetNames);
        loaded.TargetMeans.Should().Equal(model.TargetMeans);
        loaded.PredictTargets([0.3, 0.6]).Should().Equal(model.PredictTargets([0.3, 0.6]));
    }

    [Fact]
    public void Int_enum_and_bool_labels_round_trip_with_their_type()
    {
        var (rows, _) = TabularTestData.Blobs(20, seed: 2);
        var byInt = Classifier<int>.Fit(rows, rows.Select((_, i) => 10 * (i % 3)).ToArray(), new ClassifierOptions<int> { Epochs = 1 });
        var byEnum = Classifier<DayOfWeek>.Fit(rows, rows.Select((_, i) => (DayOfWeek)(i % 2)).ToArray(), new ClassifierOptions<DayOfWeek> { Epochs = 1 });
        var byBool = Classifier<bool>.Fit(rows, rows.Select((_, i) => i % 2 == 0).ToArray(), new ClassifierOptions<bool> { Epochs = 1 });

        Classifier<int>.Load(new MemoryStream(Bytes(byInt.Save))).Classes.Should().Equal(0, 10, 20);
        Classifier<DayOfWeek>.Load(new MemoryStream(Bytes(byEnum.Save))).Classes.Should().Equal(DayOfWeek.Sunday, DayOfWeek.Monday);
        Classifier<bool>.Load(new MemoryStream(Bytes(byBool.Save))).Classes.Should().Equal(false, true);
    }

    [Fact]
    public void A_label_type_that_a_file_cannot_hold_is_refused_at_save_and_nothing_is_written()
    {
        var (rows, _) = TabularTestData.Blobs(10, seed: 3);
        var model = Classifier<Guid>.Fit(rows, rows.Select((_, i) => i % 2 == 0 ? Guid.Empty : Guid.AllBitsSet).ToArray(), new ClassifierOptions<Guid> { Epochs = 1 });
        using var folder = new TemporaryDirectory();

        model.Invoking(m => m.Save(folder.File("model.json"))).Should().Throw<NotSupportedException>().WithMessage("*string, int, long, bool or enum labels; Guid*");
        Directory.GetFiles(folder.Path).Should().BeEmpty();
    }

    public static TheoryData<string, Action<JsonObject>, string> Damage() => new()
    {
        { "wrong version", o => o["version"] = 2, "*$.version*format version 2 is not supported*" },
        { "label type mismatch", o => o["labels"]!["type"] = "int32", "*$.labels.type*holds int32 labels but Classifier<String> (string) was asked for*" },
        { "one class", o => o["labels"]!["classes"] = new JsonArray("yes"), "*$.labels.classes*at least two classes*" },
        { "repeated class", o => o["labels"]!["classes"] = new JsonArray("no", "no"), "*$.labels.classes*appears twice*" },
        { "means of the wrong length", o => o["preprocessing"]!["means"]!.AsArray().RemoveAt(0), "*$.preprocessing*needs 4 means and deviations, but there are 3 and 4*" },
        { "a NaN mean", o => o["preprocessing"]!["means"]![0] = "NaN", "*$.preprocessing.means[0]*expected a finite number*" },
        { "a negative deviation", o => o["preprocessing"]!["standardDeviations"]![0] = -1.0, "*$.preprocessing.standardDeviations*must be finite and not negative*" },
        { "a column more than the network takes", o => o["preprocessing"]!["columns"]!.AsArray().Add(JsonNode.Parse("""{"name":"extra","categories":null,"categoryNames":null,"imputed":null}""")), "*needs 5 means*" },
        { "an imputed value under the refuse policy", o => o["preprocessing"]!["columns"]![0]!["imputed"] = 1.5, "*$.preprocessing.columns[0].imputed*expected null*" },
        { "an unknown policy", o => o["preprocessing"]!["missingValues"] = "guess", "*$.preprocessing.missingValues*not a missing-value policy*" },
        { "an unknown member", o => o["extra"] = 1, "*unknown member \"extra\"*" },
        { "a changed weight", o => o["network"]!["network"]!["layers"]![0]!["weights"] = o["network"]!["network"]!["layers"]![1]!["weights"]!.DeepClone(), "*$.network*" },
        { "a changed mean (checksum)", o => o["preprocessing"]!["means"]![0] = 3.25, "*$.sha256*checksum does not match*" },
        { "a network file instead", o => o["format"] = "backprop-network", "*$.format*this is a network file*" },
        { "a regressor's file", o => o["format"] = "backprop-regressor", "*$.format*regressor's file*" },
    };

    [Theory]
    [MemberData(nameof(Damage))]
    public void A_damaged_or_hostile_file_fails_to_load_naming_where(string damage, Action<JsonObject> change, string message)
    {
        // Given a saved classifier's JSON, changed
        var document = JsonNode.Parse(Bytes(Classifier().Save))!.AsObject();
        change(document);

        // When it is loaded
        var act = () => Classifier<string>.Load(new MemoryStream(Encoding.UTF8.GetBytes(document.ToJsonString())));

        // Then it is refused with a message naming the place
        act.Should().Throw<ModelFormatException>(damage).WithMessage(message);
    }

    [Fact]
    public void A_truncated_file_fails_to_load()
    {
        var bytes = Bytes(Classifier().Save);
        for (var length = 0; length < bytes.Length; length += Math.Max(1, bytes.Length / 37))
        {
            FluentActions.Invoking(() => Classifier<string>.Load(new MemoryStream(bytes[..length]))).Should().Throw<ModelFormatException>($"a file cut at {length} bytes");
        }
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_it_is_parsed()
    {
        var bytes = Bytes(Classifier().Save);
        FluentActions.Invoking(() => Classifier<string>.Load(new MemoryStream(bytes), new ModelLoadOptions { MaxBytes = bytes.Length - 1 }))
            .Should().Throw<ModelFormatException>().WithMessage("*MaxBytes*");
    }
}
