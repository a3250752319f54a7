using System.Text;
using Backprop.Data;
using Backprop.Fuzzing;

namespace Backprop.Tests.Properties;

/// <summary>
/// Every input of the fuzzing corpus — the seeds in <c>tests/fuzz-corpus/&lt;target&gt;/</c> and every crash
/// afl-fuzz ever found, kept in <c>tests/fuzz-corpus/regressions/&lt;target&gt;/</c> — either loads or is refused
/// with the loader's documented exception, as the fuzz targets in <c>tests/Backprop.Fuzzing</c> require.
/// </summary>
public sealed class FuzzCorpusRegressionTests
{
    private const string Source = "corpus input";

    /// <summary>Every corpus file, as (target, path relative to <c>tests/fuzz-corpus</c>).</summary>
    public static TheoryData<string, string> IdxInputs() => Inputs("idx");

    /// <inheritdoc cref="IdxInputs"/>
    public static TheoryData<string, string> CsvInputs() => Inputs("csv");

    /// <inheritdoc cref="IdxInputs"/>
    public static TheoryData<string, string> ModelInputs()
    {
        // The checkpoint target's seeds and crashes are model files too, and go through the same loads.
        var data = Inputs("model");
        foreach (var row in Inputs("checkpoint"))
        {
            data.Add((string)row[0], (string)row[1]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ModelInputs))]
    public void A_model_input_loads_and_round_trips_or_is_refused_with_ModelFormatException(string target, string path)
    {
        // Given the bytes of a corpus input, and loading without the checksum (as the fuzz target does) and with it
        var bytes = File.ReadAllBytes(Path.Combine(CorpusFolder, path));
        var withoutChecksum = new ModelLoadOptions { VerifyChecksum = false };
        MemoryStream Stream() => new(bytes, writable: false);

        // When it is loaded as a network and as a checkpoint, as float64 and float32
        var outcomes = new[]
        {
            Record.Exception(() => RoundTrip(Network<double>.Load(Stream(), withoutChecksum))),
            Record.Exception(() => RoundTrip(Network<float>.Load(Stream(), withoutChecksum))),
            Record.Exception(() => Checkpoint<double>.Load(Stream(), withoutChecksum)),
            Record.Exception(() => Checkpoint<float>.Load(Stream(), withoutChecksum)),
            Record.Exception(() => RoundTrip(Network<double>.Load(Stream()))),
        };

        // Then each either loads (and a loaded network saves and reloads) or throws ModelFormatException
        foreach (var outcome in outcomes)
        {
            (outcome is null or ModelFormatException).Should().BeTrue("{0} input {1} may only be refused with ModelFormatException, not {2}", target, path, outcome);
        }

        ShouldLoadIfSeed(path, outcomes);
    }

    [Theory]
    [MemberData(nameof(IdxInputs))]
    public void An_IDX_input_loads_the_same_from_a_seekable_and_a_non_seekable_stream_or_is_refused_with_InvalidDataException(string target, string path)
    {
        // Given the bytes of a corpus input
        var bytes = File.ReadAllBytes(Path.Combine(CorpusFolder, path));

        // When it is read from a seekable stream, from a stream that cannot seek, and only its first item
        var seekable = Record.Exception(() => IdxFile.Read(new MemoryStream(bytes, writable: false), Source));
        var streamed = Record.Exception(() => IdxFile.Read(new NonSeekableStream(bytes), Source));
        var firstItem = Record.Exception(() => IdxFile.Read(new MemoryStream(bytes, writable: false), Source, maxItems: 1));

        // Then each either loads or throws InvalidDataException, and both whole reads agree
        foreach (var outcome in new[] { seekable, streamed, firstItem })
        {
            (outcome is null or InvalidDataException).Should().BeTrue("{0} input {1} may only be refused with InvalidDataException, not {2}", target, path, outcome);
        }

        (seekable is null).Should().Be(streamed is null, "a seekable and a non-seekable stream of {0} must both load or both be refused", path);
        ShouldLoadIfSeed(path, seekable);
    }

    [Theory]
    [MemberData(nameof(CsvInputs))]
    public void A_CSV_input_loads_or_is_refused_with_InvalidDataException_or_a_missing_column_ArgumentException(string target, string path)
    {
        // Given the bytes of a corpus input, decoded as a UTF-8 file is
        var bytes = File.ReadAllBytes(Path.Combine(CorpusFolder, path));
        StreamReader Reader() => new(new MemoryStream(bytes, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);

        // When it is read in the fuzz target's four settings
        var outcomes = new[]
        {
            Record.Exception(() => CsvDataset.ReadClassification<double>(Reader(), CsvColumn.At(0), null, Source)),
            Record.Exception(() => CsvDataset.ReadRegression<double>(Reader(), CsvColumn.Named("y"), null, Source)),
            Record.Exception(() => CsvDataset.ReadClassification<float>(Reader(), CsvColumn.Named("class"), new CsvOptions { Separator = ';', Classes = ["a", "b", "c"] }, Source)),
            Record.Exception(() => CsvDataset.ReadRegression<float>(Reader(), CsvColumn.At(1), new CsvOptions { Separator = '\t', HasHeader = false }, Source)),
        };

        // Then each either loads, or is refused as malformed, or names the missing label or target column
        foreach (var outcome in outcomes)
        {
            var documented = outcome is null or InvalidDataException
                || (outcome.GetType() == typeof(ArgumentException) && ((ArgumentException)outcome).ParamName is "label" or "target");
            documented.Should().BeTrue("{0} input {1} may only be refused the documented way, not with {2}", target, path, outcome);
        }

        ShouldLoadIfSeed(path, outcomes);
    }

    /// <summary>
    /// A seed (not a regression input) must load in at least one setting: a seed the loader refuses everywhere (say,
    /// after a format change) would leave the fuzzer starting from nothing valid. Regenerate the model seeds with
    /// <c>dotnet run --project tests/Backprop.Fuzzing -- model --write-seeds tests/fuzz-corpus/model</c>.
    /// </summary>
    private static void ShouldLoadIfSeed(string path, params Exception?[] outcomes)
    {
        if (!path.StartsWith("regressions", StringComparison.Ordinal))
        {
            outcomes.Should().Contain(outcome => outcome == null, "the seed {0} must be a valid input in at least one setting, but: {1}", path, string.Join(" | ", outcomes.Select(o => o?.Message)));
        }
    }

    private static void RoundTrip<T>(Network<T> network)
        where T : struct, System.Numerics.IFloatingPointIeee754<T>
    {
        using var saved = new MemoryStream();
        network.Save(saved);
        saved.Position = 0;
        Network<T>.Load(saved).ToString().Should().Be(network.ToString());
    }

    /// <summary>The repository's <c>tests/fuzz-corpus</c> folder, found above the test assembly.</summary>
    private static string CorpusFolder { get; } = FindCorpusFolder();

    private static TheoryData<string, string> Inputs(string target)
    {
        var data = new TheoryData<string, string>();
        foreach (var folder in new[] { target, Path.Combine("regressions", target) })
        {
            var path = Path.Combine(CorpusFolder, folder);
            if (!Directory.Exists(path))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(path).Where(file => !Path.GetFileName(file).StartsWith('.')).Order(StringComparer.Ordinal))
            {
                data.Add(target, Path.GetRelativePath(CorpusFolder, file));
            }
        }

        return data;
    }

    private static string FindCorpusFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "tests", "fuzz-corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No tests/fuzz-corpus folder above {AppContext.BaseDirectory}.");
    }
}
