using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Backprop;

/// <summary>
/// The one file of a <see cref="Classifier{TLabel}"/> or <see cref="Regressor"/>: versioned JSON holding the
/// labels with their type (or the target scaling), the preprocessing and the network (a network file, embedded),
/// with a SHA-256 of the whole content as network files have. Read strictly: every problem is a
/// <see cref="ModelFormatException"/> naming where, and nothing is built from parts that do not fit together.
/// </summary>
/// <remarks>
/// <code>
/// { "format": "backprop-classifier" | "backprop-regressor", "version": 1,
///   "labels": { "type": "string", "classes": ["benign", "malignant"] },            (classifier)
///   "targets": { "names": [...], "means": [...], "standardDeviations": [...] },    (regressor)
///   "preprocessing": { "missingValues": "refuse" | "impute",
///                      "columns": [ { "name", "categories": [numbers] | null, "categoryNames": [texts] | null, "imputed": number | null } ],
///                      "means": [...], "standardDeviations": [...] },              (one per encoded feature)
///   "network": { a network file, see FORMAT.md },
///   "sha256": "…" }                                                                (of the compact document without it)
/// </code>
/// </remarks>
internal static class TabularModelFile
{
    public const int FormatVersion = 1;
    public const string ClassifierFormat = "backprop-classifier";
    public const string RegressorFormat = "backprop-regressor";
    private const int MaxColumns = 100_000;
    private const int MaxCategories = 100_000;
    private const int MaxNameLength = 1024;

    public static void Save(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var document = new MemoryStream();
        write(document); // made in memory first: a failure leaves the file untouched
        document.Position = 0;
        FileAccessHelpers.WriteAtomically(path, stream => document.CopyTo(stream));
    }

    public static void Write<TLabel>(Stream stream, Classifier<TLabel> classifier)
        where TLabel : notnull
    {
        var typeName = LabelText<TLabel>.TypeName
            ?? throw new NotSupportedException($"A model file holds string, int, long, bool or enum labels; {typeof(TLabel).Name} is none of them.");
        var network = NetworkBytes(classifier.Model.Network);
        void Labels(Utf8JsonWriter writer)
        {
            writer.WriteStartObject("labels");
            writer.WriteString("type", typeName);
            writer.WriteStartArray("classes");
            foreach (var label in classifier.Classes)
            {
                writer.WriteStringValue(LabelText<TLabel>.Format(label));
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        WriteDocument(stream, ClassifierFormat, Labels, classifier.Preprocessing, network);
    }

    public static void Write(Stream stream, Regressor regressor)
    {
        var network = NetworkBytes(regressor.Model.Network);
        void Targets(Utf8JsonWriter writer)
        {
            writer.WriteStartObject("targets");
            WriteStrings(writer, "names", regressor.TargetNames);
            WriteNumbers(writer, "means", regressor.TargetMeans);
            WriteNumbers(writer, "standardDeviations", regressor.TargetStandardDeviations);
            writer.WriteEndObject();
        }

        WriteDocument(stream, RegressorFormat, Targets, regressor.Preprocessing, network);
    }

    public static Classifier<TLabel> ReadClassifier<TLabel>(ReadOnlyMemory<byte> bytes, ModelLoadOptions options)
        where TLabel : notnull
        => Read(bytes, ClassifierFormat, options, (o, model) =>
        {
            var labels = StrictJsonObject.Read(o["labels"], o.PathOf("labels"), ["type", "classes"]);
            var type = labels.String("type", MaxNameLength);
            var expected = LabelText<TLabel>.TypeName
                ?? throw new ModelFormatException(labels.PathOf("type"), $"a model file holds string, int, long, bool or enum labels; {typeof(TLabel).Name} is none of them.");
            if (type != expected)
            {
                throw new ModelFormatException(labels.PathOf("type"), $"the file holds {type} labels but Classifier<{typeof(TLabel).Name}> ({expected}) was asked for; load it with the label type it was saved with.");
            }

            var texts = ReadStrings(labels, "classes", MaxCategories);
            var classes = new TLabel[texts.Length];
            for (var k = 0; k < texts.Length; k++)
            {
                if (!LabelText<TLabel>.TryParse(texts[k], out classes[k]))
                {
                    throw new ModelFormatException(Item(labels.PathOf("classes"), k), $"'{Shorten(texts[k])}' is not a {typeof(TLabel).Name}.");
                }
            }

            if (classes.Length < 2)
            {
                throw new ModelFormatException(labels.PathOf("classes"), $"a classifier has at least two classes; the file lists {classes.Length}.");
            }

            LabelSet<TLabel> set;
            try
            {
                set = LabelSet<TLabel>.FromClasses(classes);
            }
            catch (ArgumentException exception)
            {
                throw new ModelFormatException(labels.PathOf("classes"), exception.Message, exception);
            }

            var binary = classes.Length == 2;
            var network = model.Network;
            var expectedOutputs = binary ? 1 : classes.Length;
            var expectedLoss = binary ? Loss<double>.BinaryCrossEntropy.Name : Loss<double>.CategoricalCrossEntropy.Name;
            if (network.OutputSize != expectedOutputs || network.Loss.Name != expectedLoss)
            {
                throw new ModelFormatException(
                    "$.network",
                    string.Create(CultureInfo.InvariantCulture, $"{classes.Length} classes need {expectedOutputs} output{(expectedOutputs == 1 ? string.Empty : "s")} trained on {expectedLoss}, but the network has {network.OutputSize} on {network.Loss.Name}."));
            }

            var classifier = new Classifier<TLabel>(model, set, history: null);
            return (classifier, (Action<Stream>)(stream => Write(stream, classifier)));
        });

    public static Regressor ReadRegressor(ReadOnlyMemory<byte> bytes, ModelLoadOptions options)
        => Read(bytes, RegressorFormat, options, (o, model) =>
        {
            var targets = StrictJsonObject.Read(o["targets"], o.PathOf("targets"), ["names", "means", "standardDeviations"]);
            var names = ReadStrings(targets, "names", MaxColumns);
            var means = ReadNumbers(targets, "means", names.Length);
            var deviations = ReadNumbers(targets, "standardDeviations", names.Length);
            if (names.Length == 0 || means.Length != names.Length || deviations.Length != names.Length)
            {
                throw new ModelFormatException(targets.Path, string.Create(CultureInfo.InvariantCulture, $"expected as many means and deviations as target names (at least one) but found {names.Length} names, {means.Length} means and {deviations.Length} deviations."));
            }

            for (var t = 0; t < deviations.Length; t++)
            {
                if (deviations[t] < 0)
                {
                    throw new ModelFormatException(Item(targets.PathOf("standardDeviations"), t), "a standard deviation cannot be negative.");
                }
            }

            var network = model.Network;
            if (network.OutputSize != names.Length || network.Layers[^1].Activation is not IdentityActivation<double>)
            {
                throw new ModelFormatException("$.network", string.Create(CultureInfo.InvariantCulture, $"{names.Length} targets need {names.Length} identity outputs, but the network has {network.OutputSize} ({network.Layers[^1].Activation.Name})."));
            }

            var regressor = new Regressor(model, names, means, deviations, history: null);
            return (regressor, (Action<Stream>)(stream => Write(stream, regressor)));
        });

    private static byte[] NetworkBytes(Network<double> network)
    {
        using var stream = new MemoryStream();
        network.Save(stream);
        return stream.ToArray();
    }

    private static void WriteDocument(Stream stream, string format, Action<Utf8JsonWriter> writeLabels, TabularPreprocessing preprocessing, byte[] network)
    {
        string digest;
        using (var sink = new HashingBufferWriter())
        {
            using (var compact = new Utf8JsonWriter(sink, new JsonWriterOptions { Indented = false }))
            {
                WriteContent(compact, format, writeLabels, preprocessing, network, digest: null);
            }

            digest = sink.HexDigest();
        }

        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        WriteContent(writer, format, writeLabels, preprocessing, network, digest);
        writer.Flush();
    }

    private static void WriteContent(Utf8JsonWriter writer, string format, Action<Utf8JsonWriter> writeLabels, TabularPreprocessing preprocessing, byte[] network, string? digest)
    {
        writer.WriteStartObject();
        writer.WriteString("format", format);
        writer.WriteNumber("version", FormatVersion);
        writeLabels(writer);
        writer.WriteStartObject("preprocessing");
        writer.WriteString("missingValues", preprocessing.MissingValues == MissingValuePolicy.Refuse ? "refuse" : "impute");
        writer.WriteStartArray("columns");
        foreach (var column in preprocessing.Columns)
        {
            writer.WriteStartObject();
            writer.WriteString("name", column.Name);
            if (column.CategoryValues is { } categories)
            {
                WriteNumbers(writer, "categories", categories);
            }
            else
            {
                writer.WriteNull("categories");
            }

            if (column.CategoryNames is { } names)
            {
                WriteStrings(writer, "categoryNames", names);
            }
            else
            {
                writer.WriteNull("categoryNames");
            }

            if (double.IsNaN(column.ImputedValue))
            {
                writer.WriteNull("imputed");
            }
            else
            {
                writer.WriteNumber("imputed", column.ImputedValue);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteNumbers(writer, "means", preprocessing.Standardizer.Means);
        WriteNumbers(writer, "standardDeviations", preprocessing.Standardizer.StandardDeviations);
        writer.WriteEndObject();
        writer.WritePropertyName("network");
        writer.WriteRawValue(network, skipInputValidation: true);
        if (digest is not null)
        {
            writer.WriteString("sha256", digest);
        }

        writer.WriteEndObject();
    }

    private static TModel Read<TModel>(
        ReadOnlyMemory<byte> bytes, string format, ModelLoadOptions options, Func<StrictJsonObject, TabularNetwork, (TModel Model, Action<Stream> Write)> build)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = ModelDocument.MaxDepth + 2 });
        }
        catch (JsonException exception)
        {
            throw new ModelFormatException(
                exception.LineNumber is { } line ? FormattableString.Invariant($"line {line + 1}") : "$", $"the file is not valid JSON. {exception.Message}", exception);
        }

        using (document)
        {
            try
            {
                var root = document.RootElement;
                CheckFormatAndVersion(root, format);
                var labelsMember = format == ClassifierFormat ? "labels" : "targets";
                string[] required = ["format", "version", labelsMember, "preprocessing", "network"];
                var o = options.VerifyChecksum
                    ? StrictJsonObject.Read(root, "$", [.. required, "sha256"])
                    : StrictJsonObject.Read(root, "$", required, ["sha256"]);
                var preprocessing = ReadPreprocessing(o["preprocessing"], o.PathOf("preprocessing"));
                var network = ReadNetwork(o["network"], options);
                if (network.InputSize != preprocessing.EncodedFeatureCount)
                {
                    throw new ModelFormatException(
                        "$.network", string.Create(CultureInfo.InvariantCulture, $"the network takes {network.InputSize} inputs but the preprocessing encodes a row to {preprocessing.EncodedFeatureCount}."));
                }

                var (model, write) = build(o, new TabularNetwork(preprocessing, network));
                if (options.VerifyChecksum)
                {
                    var expected = o.String("sha256");
                    using var rewritten = new MemoryStream();
                    write(rewritten);
                    using var again = JsonDocument.Parse(rewritten.ToArray());
                    var actual = again.RootElement.GetProperty("sha256").GetString();
                    if (!string.Equals(expected, actual, StringComparison.Ordinal))
                    {
                        throw new ModelFormatException(
                            "$.sha256", $"the checksum does not match the content, so the file was changed or damaged after it was saved (the file says {Shorten(expected)}; the content gives {actual}).");
                    }
                }

                return model;
            }
            catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or FormatException or OverflowException or KeyNotFoundException)
            {
                // A safety net: every check above should have caught the problem first.
                throw new ModelFormatException("$", exception.Message, exception);
            }
        }
    }

    private static void CheckFormatAndVersion(JsonElement root, string format)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ModelFormatException("$", $"expected a JSON object but found {StrictJsonObject.Describe(root.ValueKind)}.");
        }

        if (!root.TryGetProperty("format", out var formatElement) || formatElement.ValueKind != JsonValueKind.String)
        {
            throw new ModelFormatException("$.format", "the required string member \"format\" is missing: this is not a Backprop model file.");
        }

        var actual = formatElement.GetString();
        if (actual != format)
        {
            throw new ModelFormatException("$.format", actual switch
            {
                ClassifierFormat => "this is a classifier's file; load it with Classifier<TLabel>.Load.",
                RegressorFormat => "this is a regressor's file; load it with Regressor.Load.",
                ModelDocument.NetworkFormat => "this is a network file; load it with Network<T>.Load.",
                _ => $"\"{Shorten(actual)}\" is not the format of a {(format == ClassifierFormat ? "classifier" : "regressor")}; expected \"{format}\".",
            });
        }

        if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number)
        {
            throw new ModelFormatException("$.version", "the required number member \"version\" is missing.");
        }

        if (!version.TryGetInt32(out var number) || number != FormatVersion)
        {
            throw new ModelFormatException("$.version", $"format version {Shorten(version.GetRawText())} is not supported; this version of Backprop reads version {FormatVersion}.");
        }
    }

    private static TabularPreprocessing ReadPreprocessing(JsonElement element, string path)
    {
        var o = StrictJsonObject.Read(element, path, ["missingValues", "columns", "means", "standardDeviations"]);
        var policy = o.String("missingValues") switch
        {
            "refuse" => MissingValuePolicy.Refuse,
            "impute" => MissingValuePolicy.Impute,
            var other => throw new ModelFormatException(o.PathOf("missingValues"), $"\"{Shorten(other)}\" is not a missing-value policy; expected \"refuse\" or \"impute\"."),
        };
        var columnsElement = o.Array("columns", MaxColumns);
        if (columnsElement.GetArrayLength() == 0)
        {
            throw new ModelFormatException(o.PathOf("columns"), "a model has at least one feature column; the array is empty.");
        }

        var columns = new List<FeatureColumn>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in columnsElement.EnumerateArray())
        {
            var itemPath = Item(o.PathOf("columns"), columns.Count);
            var c = StrictJsonObject.Read(item, itemPath, ["name", "categories", "categoryNames", "imputed"]);
            var name = c.String("name", MaxNameLength);
            if (!names.Add(name))
            {
                throw new ModelFormatException(c.PathOf("name"), $"the column name '{Shorten(name)}' appears twice.");
            }

            var categories = c.IsNull("categories") ? null : ReadNumbers(c, "categories", MaxCategories);
            var categoryNames = c.IsNull("categoryNames") ? null : ReadStrings(c, "categoryNames", MaxCategories);
            if (categories is not null && (categories.Length == 0 || categories.Distinct().Count() != categories.Length))
            {
                throw new ModelFormatException(c.PathOf("categories"), "a categorical column has at least one category, each once.");
            }

            if (categoryNames is not null
                && (categories is null || categoryNames.Length != categories.Length || categories.Where((v, k) => v != k).Any() || categoryNames.Distinct(StringComparer.Ordinal).Count() != categoryNames.Length))
            {
                throw new ModelFormatException(c.PathOf("categoryNames"), "text categories need one distinct name per category, and the categories 0, 1, 2, … (their indices).");
            }

            double imputed = double.NaN;
            if (policy == MissingValuePolicy.Impute)
            {
                imputed = c.IsNull("imputed")
                    ? throw new ModelFormatException(c.PathOf("imputed"), "missing values are imputed, so every column needs its imputed value; it is null.")
                    : c.Number("imputed");
                if (categories is not null && Array.IndexOf(categories, imputed) < 0)
                {
                    throw new ModelFormatException(c.PathOf("imputed"), "the imputed value of a categorical column must be one of its categories.");
                }
            }
            else if (!c.IsNull("imputed"))
            {
                throw new ModelFormatException(c.PathOf("imputed"), "missing values are refused, so no column has an imputed value; expected null.");
            }

            columns.Add(new FeatureColumn(name, categories, categoryNames, imputed));
        }

        var width = columns.Sum(column => column.Width);
        var means = ReadNumbers(o, "means", width);
        var deviations = ReadNumbers(o, "standardDeviations", width);
        if (means.Length != width || deviations.Length != width)
        {
            throw new ModelFormatException(
                o.Path, string.Create(CultureInfo.InvariantCulture, $"the columns encode a row to {width} values, so the standardiser needs {width} means and deviations, but there are {means.Length} and {deviations.Length}."));
        }

        Data.Standardizer<double> standardizer;
        try
        {
            standardizer = Data.Standardizer<double>.FromStatistics(means, deviations);
        }
        catch (ArgumentException exception)
        {
            throw new ModelFormatException(o.PathOf("standardDeviations"), exception.Message, exception);
        }

        return new TabularPreprocessing([.. columns], policy, standardizer);
    }

    private static Network<double> ReadNetwork(JsonElement element, ModelLoadOptions options)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ModelFormatException("$.network", $"expected a network file's object but found {StrictJsonObject.Describe(element.ValueKind)}.");
        }

        try
        {
            return ModelDocument.Read<double>(Encoding.UTF8.GetBytes(element.GetRawText()), options, checkpoint: false).Network;
        }
        catch (ModelFormatException exception)
        {
            var inner = exception.Location is { } location && location.StartsWith('$') ? location[1..] : string.Empty;
            throw new ModelFormatException("$.network" + inner, exception.Message, exception);
        }
    }

    private static double[] ReadNumbers(StrictJsonObject o, string name, int maxLength)
    {
        var array = o.Array(name, maxLength);
        var values = new double[array.GetArrayLength()];
        var k = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetDouble(out values[k]) || !double.IsFinite(values[k]))
            {
                throw new ModelFormatException(Item(o.PathOf(name), k), $"expected a finite number but found {Shorten(item.GetRawText())}.");
            }

            k++;
        }

        return values;
    }

    private static string[] ReadStrings(StrictJsonObject o, string name, int maxLength)
    {
        var array = o.Array(name, maxLength);
        var values = new string[array.GetArrayLength()];
        var k = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw new ModelFormatException(Item(o.PathOf(name), k), $"expected a string but found {StrictJsonObject.Describe(item.ValueKind)}.");
            }

            values[k] = item.GetString()!;
            if (values[k].Length > MaxNameLength)
            {
                throw new ModelFormatException(Item(o.PathOf(name), k), string.Create(CultureInfo.InvariantCulture, $"the string is {values[k].Length} characters long; at most {MaxNameLength} are allowed."));
            }

            k++;
        }

        return values;
    }

    private static void WriteNumbers(Utf8JsonWriter writer, string name, IEnumerable<double> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteNumberValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static string Item(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    private static string Shorten(string? text) => text is null ? "null" : text.Length > 64 ? string.Concat(text.AsSpan(0, 64), "…") : text;
}
