using System.Text;
using System.Text.Json;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Serialization;

/// <summary>
/// What a save does with the file system (issue 17's findings): temporary files of crashed saves are removed by the
/// next save, names up to 255 bytes work, a symbolic link's target is written, and a non-finite value is refused
/// before anything is written.
/// </summary>
public sealed class SaveFileTests
{
    private static Network<double> SmallNetwork(int seed) => SerializationTestData.RandomNetwork<double>(seed, [3, 4, 2], _ => Activation<double>.Tanh, true);

    [Fact]
    public void The_next_save_removes_the_temporary_files_crashed_saves_left_and_nothing_else()
    {
        // Given two leftovers of crashed saves of model.json (the finding: 37 kills left 475 MB), and files of other
        // names that only resemble the pattern
        using var folder = new TemporaryDirectory();
        var path = folder.File("model.json");
        var stale = new[] { folder.File(".model.json.0123456789abcdef0123456789abcdef.tmp"), folder.File(".model.json.ffffffffffffffffffffffffffffffff.tmp") };
        var kept = new[] { folder.File(".model.json.notours.tmp"), folder.File(".other.json.0123456789abcdef0123456789abcdef.tmp"), folder.File(".model.json.0123456789ABCDEF0123456789ABCDEF.tmp") };
        foreach (var file in stale.Concat(kept))
        {
            File.WriteAllText(file, "debris");
        }

        // When the network is saved
        SmallNetwork(1).Save(path);

        // Then the leftovers of this file's saves are gone, the others are kept, and the save loads
        stale.Should().AllSatisfy(file => File.Exists(file).Should().BeFalse());
        kept.Should().AllSatisfy(file => File.Exists(file).Should().BeTrue());
        Network<double>.Load(path).Layers.Should().HaveCount(2);
    }

    [Fact]
    public void A_temporary_file_held_by_a_save_in_progress_is_not_removed()
    {
        // Given a temporary file that another save holds open (as a live save does, with its exclusive lock)
        using var folder = new TemporaryDirectory();
        var path = folder.File("model.json");
        var live = folder.File(".model.json.00000000000000000000000000000000.tmp");
        using var held = new FileStream(live, FileMode.CreateNew, FileAccess.Write, FileShare.None);

        // When another save of the same file runs, then the live one's file is untouched
        SmallNetwork(1).Save(path);
        File.Exists(live).Should().BeTrue();
    }

    [Theory]
    [InlineData(218)]
    [InlineData(240)]
    [InlineData(255)]
    public void Names_up_to_255_bytes_save_and_load(int length)
    {
        // Given a file name of 218 to 255 bytes (the finding: the temporary name exceeded NAME_MAX)
        using var folder = new TemporaryDirectory();
        var path = folder.File(new string('m', length - 5) + ".json");
        Encoding.UTF8.GetByteCount(Path.GetFileName(path)).Should().Be(length);

        // When a network is saved twice there, then it loads, and no temporary file is left
        SmallNetwork(1).Save(path);
        SmallNetwork(2).Save(path);
        ParameterSnapshot.Of(SmallNetwork(2)).ShouldBeBitIdenticalTo(Network<double>.Load(path));
        Directory.GetFiles(folder.Path).Should().Equal(path);
    }

    [Fact]
    public void Shortened_temporary_names_of_long_multibyte_names_stay_within_255_bytes_and_apart()
    {
        // Given two 250-byte names of three-byte characters that differ only at the end
        var a = new string('ä', 100) + new string('€', 16) + "a.json";
        var b = new string('ä', 100) + new string('€', 16) + "b.json";

        // When their temporary prefixes are made, then each fits with its random part, and they differ
        foreach (var name in new[] { a, b })
        {
            Encoding.UTF8.GetByteCount(FileAccessHelpers.TemporaryPrefix(name) + new string('0', 32) + ".tmp").Should().BeLessThanOrEqualTo(255);
        }

        FileAccessHelpers.TemporaryPrefix(a).Should().NotBe(FileAccessHelpers.TemporaryPrefix(b));
    }

    [Fact]
    public void Saving_through_a_symbolic_link_writes_its_target_and_keeps_the_link()
    {
        // Given a link to a model file in another folder (the finding: the save replaced the link with a file)
        using var folder = new TemporaryDirectory();
        Directory.CreateDirectory(folder.File("store"));
        var target = folder.File("store/model.json");
        SmallNetwork(1).Save(target);
        var link = folder.File("current.json");
        File.CreateSymbolicLink(link, target);

        // When a network is saved through the link
        SmallNetwork(2).Save(link);

        // Then the link is still a link to the target, and the target holds the new network
        new FileInfo(link).LinkTarget.Should().Be(target);
        ParameterSnapshot.Of(SmallNetwork(2)).ShouldBeBitIdenticalTo(Network<double>.Load(target));
        Directory.GetFiles(folder.File("store")).Should().Equal(target);
    }

    [Fact]
    public void A_non_finite_setting_is_refused_with_InvalidOperationException_before_anything_is_written()
    {
        // Given a settings writer (the finding: Adam's Beta1 = NaN made the save throw System.Text.Json's ArgumentException)
        using var output = new MemoryStream();
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();

        // When a part writes NaN as a setting
        var write = () => SettingsJsonWriterProbe.WriteNumber(json, double.NaN);

        // Then InvalidOperationException names the setting and the value
        write.Should().ThrowExactly<InvalidOperationException>().Which.Message.Should().Contain("\"beta1\" is NaN");
    }

    [Fact]
    public void A_non_finite_parameter_is_refused_by_the_writer_because_no_loader_would_accept_it()
    {
        // Given a payload writer, when a vector holding +∞ is written, then InvalidOperationException names the value
        using var json = new Utf8JsonWriter(new MemoryStream());
        json.WriteStartObject();
        var write = () => ParameterPayload.Write<float>(json, "weights", [1f, float.PositiveInfinity]);
        write.Should().ThrowExactly<InvalidOperationException>().Which.Message.Should().Contain("Value 1 of \"weights\" is Infinity");
    }

    /// <summary>Writes a setting through the real writer, as the optimizer whose kind declares it would.</summary>
    private static class SettingsJsonWriterProbe
    {
        public static void WriteNumber(Utf8JsonWriter json, double value)
        {
            var adam = KindRegistry<OptimizerKind>.BuiltIn.Find("adam")!;
            SettingsJsonWriter.WriteKindAndSettings(json, adam, settings =>
            {
                foreach (var name in adam.Settings)
                {
                    if (name == "beta1")
                    {
                        settings.Number(name, value);
                        return;
                    }

                    settings.Number(name, 0.5);
                }
            });
        }
    }
}
