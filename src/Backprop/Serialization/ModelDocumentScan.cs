using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Backprop;

/// <summary>
/// A forward pass over a model file's bytes with <see cref="Utf8JsonReader"/> before any document is built: it
/// refuses malformed JSON, nesting deeper than <see cref="ModelDocument.MaxDepth"/>, more JSON values than
/// <see cref="ModelLoadOptions.MaxJsonValues"/>, an array longer than <see cref="ModelDocument.MaxLayers"/>, a member
/// name longer than 64 characters, and an unknown member of the root, the network, a layer or the trainer, each at
/// the token where it appears. So a hostile file costs at most a pass over its bytes, and the document built after
/// it is small whatever the file holds (its size is linear in the values allowed, not in the bytes).
/// </summary>
internal static class ModelDocumentScan
{
    /// <summary>The longest member name, in characters (as <see cref="StrictJsonObject"/> shows names).</summary>
    private const int MaxNameLength = 64;

    private static readonly string[] RootMembers = ["format", "version", "elementType", "network", "trainer", "optimizer", "sha256", "signature"];
    private static readonly string[] NetworkMembers = ["loss", "layers"];

    // Members whose strings are names or digests, read as text: longer ones are refused here, by their byte length,
    // before anything turns them into strings. (Parameters are base64 strings as long as the file.)
    private static readonly string[] ShortStrings = ["format", "elementType", "loss", "type", "activation", "kind", "sha256", "signature", "dropoutState"];

    private enum Role
    {
        Other,
        Root,
        Network,
        Layers,
        Layer,
        Trainer,
    }

    /// <summary>Scans <paramref name="utf8"/>; throws <see cref="ModelFormatException"/> at the first problem.</summary>
    public static void Scan(ReadOnlySpan<byte> utf8, ModelLoadOptions options, IReadOnlyList<string> layerMembers, IReadOnlyList<string> trainerMembers)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = ModelDocument.MaxDepth });
        var frames = new List<Frame>();
        var pending = Role.Root;
        string? pendingName = null;
        long values = 0;
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                if (token == JsonTokenType.PropertyName)
                {
                    var frame = frames[^1];
                    var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
                    if (length > MaxNameLength * 6)
                    {
                        throw new ModelFormatException(Path(frames), FormattableString.Invariant($"a member name of {length} bytes; names are at most {MaxNameLength} characters."));
                    }

                    var name = reader.GetString()!;
                    if (name.Length > MaxNameLength)
                    {
                        throw new ModelFormatException(Path(frames), FormattableString.Invariant($"a member name of {name.Length} characters; names are at most {MaxNameLength} characters."));
                    }

                    var known = frame.Role switch
                    {
                        Role.Root => RootMembers,
                        Role.Network => NetworkMembers,
                        Role.Layer => layerMembers,
                        Role.Trainer => trainerMembers,
                        _ => null,
                    };
                    if (known is not null && !known.Contains(name))
                    {
                        throw new ModelFormatException(Path(frames), $"unknown member \"{name}\"; expected {string.Join(", ", known.Select(n => $"\"{n}\""))}.");
                    }

                    pending = (frame.Role, name) switch
                    {
                        (Role.Root, "network") => Role.Network,
                        (Role.Root, "trainer") => Role.Trainer,
                        (Role.Network, "layers") => Role.Layers,
                        _ => Role.Other,
                    };
                    pendingName = name;
                    continue;
                }

                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    frames.RemoveAt(frames.Count - 1);
                    continue;
                }

                // A value: count it, and as an array item check the array's length.
                if (++values > options.MaxJsonValues)
                {
                    throw new ModelFormatException(
                        Path(frames),
                        FormattableString.Invariant($"the document holds more than {options.MaxJsonValues} JSON values (ModelLoadOptions.MaxJsonValues); a model file holds a few per layer."));
                }

                if (token == JsonTokenType.String && frames.Count > 0)
                {
                    var name = frames[^1].IsArray ? frames[^1].Name : pendingName;
                    var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
                    if (length > MaxNameLength * 6 && ShortStrings.Contains(name))
                    {
                        throw new ModelFormatException(
                            frames[^1].IsArray ? FormattableString.Invariant($"{Path(frames)}[{frames[^1].Items}]") : $"{Path(frames)}.{name}",
                            FormattableString.Invariant($"the string is {length} bytes long; at most {MaxNameLength} characters are allowed here."));
                    }
                }

                string segment;
                var role = pending;
                if (frames.Count == 0)
                {
                    segment = "$";
                }
                else if (frames[^1].IsArray)
                {
                    var parent = frames[^1];
                    parent.Items++;
                    if (parent.Items > ModelDocument.MaxLayers)
                    {
                        throw new ModelFormatException(Path(frames), FormattableString.Invariant($"the array has more than {ModelDocument.MaxLayers} items; at most {ModelDocument.MaxLayers} are allowed."));
                    }

                    segment = string.Empty;
                    role = parent.Role == Role.Layers ? Role.Layer : Role.Other;
                }
                else
                {
                    segment = pendingName!;
                }

                if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    var isArray = token == JsonTokenType.StartArray;
                    frames.Add(new Frame(segment, frames.Count > 0 && frames[^1].IsArray ? frames[^1].Items - 1 : -1, isArray, frames.Count == 0 ? Role.Root : (isArray == (role == Role.Layers)) ? role : Role.Other));
                }

                pending = Role.Other;
            }
        }
        catch (JsonException exception)
        {
            throw ModelDocument.NotJson(exception);
        }
        catch (InvalidOperationException exception)
        {
            // The reader's refusal to turn invalid UTF-8 into a string.
            throw new ModelFormatException(Path(frames), $"a member name is not valid UTF-8. {exception.Message}", exception);
        }
    }

    private static string Path(List<Frame> frames)
    {
        var path = new StringBuilder("$");
        for (var i = 1; i < frames.Count; i++)
        {
            if (frames[i].Index >= 0)
            {
                path.Append(CultureInfo.InvariantCulture, $"[{frames[i].Index}]");
            }
            else
            {
                path.Append('.').Append(frames[i].Name);
            }
        }

        return path.ToString();
    }

    /// <summary>An open object or array: its member name or item index in its parent, its role, and its items so far.</summary>
    private sealed class Frame(string name, int index, bool isArray, Role role)
    {
        public string Name { get; } = name;

        public int Index { get; } = index;

        public bool IsArray { get; } = isArray;

        public Role Role { get; } = role;

        public int Items { get; set; }
    }
}
