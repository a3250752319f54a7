using System.Diagnostics;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Serialization;

/// <summary>
/// The model loader stays within its limits whatever the bytes (issue 17's findings, each reproduced small): an
/// unknown member holding a flood of values is refused at its name, floods elsewhere at the value limit, a stream
/// longer than the size limit after the limit, special files before they are opened; allocations stay within a small
/// multiple of the bytes read.
/// </summary>
public sealed class BoundedLoadTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Start = "{\"format\":\"backprop-network\",\"version\":1,\"elementType\":\"float64\",";

    [Fact]
    public void An_unknown_member_holding_millions_of_zeros_is_refused_at_its_name_within_twice_the_bytes_read()
    {
        // Given 16 MB of a model file whose unknown member "junk" holds about 8 million zeros (the finding: 255 MB,
        // 127 M zeros, 4.1 GB allocated because names were checked after the whole document was built)
        const long Length = 16L << 20;
        var stream = new GeneratedStream(Start + "\"junk\":[", "0,", Length, "0]}");

        // When it is loaded
        var (exception, allocated) = Measure(() => Network<double>.Load(stream));

        // Then it is refused by the member's name, and the load allocated about the bytes read, not a document of them
        exception.Should().BeOfType<ModelFormatException>().Which.Message.Should().Contain("unknown member \"junk\"");
        allocated.Should().BeLessThan((2 * Length) + (1L << 20));
    }

    [Fact]
    public void A_flood_of_values_inside_a_known_member_is_refused_at_the_value_limit()
    {
        // Given 8 MB of zeros inside the optimizer's state (whose members the optimizer names, not the scan)
        const long Length = 8L << 20;
        var stream = new GeneratedStream("{\"format\":\"backprop-checkpoint\",\"version\":1,\"optimizer\":{\"state\":{", "\"a\":[0,0,0,0,0,0,0,0,0],", Length, "\"z\":0}}}");

        // When it is loaded
        var (exception, allocated) = Measure(() => Checkpoint<double>.Load(stream));

        // Then the value limit refuses it, with no document built
        exception.Should().BeOfType<ModelFormatException>().Which.Message.Should().Contain("ModelLoadOptions.MaxJsonValues");
        allocated.Should().BeLessThan((2 * Length) + (16L << 20));
    }

    [Fact]
    public void An_array_longer_than_the_layer_limit_is_refused_at_its_first_item_too_many()
    {
        var text = Start + "\"network\":{\"loss\":\"squared-error\",\"layers\":[" + string.Join(",", Enumerable.Repeat("{}", 10_001)) + "]}}";
        var load = () => Network<double>.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)));
        load.Should().Throw<ModelFormatException>().Which.Message.Should().Contain("more than 10000 items");
    }

    [Fact]
    public void A_stream_longer_than_the_limit_is_refused_after_the_limit_in_chunks_not_a_doubling_buffer()
    {
        // Given a stream that cannot seek, 40 MB long, and a limit of 16 MB (the finding: 300 MB took 768 MB)
        const long Limit = 16L << 20;
        var stream = new GeneratedStream(Start, " ", 40L << 20);

        // When it is loaded with that limit
        var (exception, allocated) = Measure(() => Network<double>.Load(stream, new ModelLoadOptions { MaxBytes = Limit }));

        // Then it is refused after reading one byte past the limit, having allocated about the limit
        exception.Should().BeOfType<ModelFormatException>().Which.Message.Should().Contain("ModelLoadOptions.MaxBytes");
        stream.BytesRead.Should().BeLessThanOrEqualTo(Limit + 1 + (64 * 1024));
        allocated.Should().BeLessThan(Limit + (2L << 20));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_valid_network_file_loads_within_four_times_its_size(bool seekable)
    {
        // Given a network file of a few megabytes (the parameters are about three quarters of it: base64)
        var network = SerializationTestData.RandomNetwork<double>(3, [300, 400, 300, 10], _ => Activation<double>.Tanh, true);
        using var saved = new MemoryStream();
        network.Save(saved);
        var bytes = saved.ToArray();

        // When it is loaded from a stream that can seek (one exact buffer) or cannot (chunks, then one buffer)
        var (exception, allocated) = Measure(() => Network<double>.Load(seekable ? new MemoryStream(bytes) : new GeneratedStream(bytes, [0], bytes.Length)));

        // Then it loads within the loaders' bound of four times the bytes read plus a fixed amount. What it costs:
        // the bytes (twice from a stream of unknown length), the document's index, and the parameters once, decoded
        // a chunk at a time straight into the layers' storage (the checksum re-encodes them a chunk at a time too)
        exception.Should().BeNull();
        LogRatio("network", seekable, allocated, bytes.Length);
        allocated.Should().BeLessThan((4L * bytes.Length) + (1L << 20));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_valid_checkpoint_with_Adam_moments_loads_within_four_times_its_size(bool seekable)
    {
        // Given a checkpoint of a few megabytes: the weights and Adam's two moments, one value per parameter each
        var network = SerializationTestData.RandomNetwork<double>(5, [300, 400, 300, 10], _ => Activation<double>.Tanh, true);
        var inputs = SerializationTestData.Uniform<double>(6, 300, 4);
        var trainer = new Trainer<double>(new AdamOptimizer<double>()) { MiniBatchSize = 4, Epochs = 1, Seed = 7 };
        trainer.Fit(network, inputs, SerializationTestData.Uniform<double>(8, 10, 4));
        using var saved = new MemoryStream();
        new Checkpoint<double>(network, trainer).Save(saved);
        var bytes = saved.ToArray();

        // When it is loaded (once before, unmeasured: a document over 4 MB also rents System.Text.Json's index buffer of
        // its size from the shared pool, which keeps it for the next load)
        _ = Checkpoint<double>.Load(new MemoryStream(bytes));
        var (exception, allocated) = Measure(() => Checkpoint<double>.Load(seekable ? new MemoryStream(bytes) : new GeneratedStream(bytes, [0], bytes.Length)));

        // Then it loads within four times its size plus a fixed amount: the bytes (twice when the stream cannot seek),
        // and the weights and both moments once, decoded a chunk at a time into the arrays the trainer keeps
        exception.Should().BeNull();
        LogRatio("checkpoint", seekable, allocated, bytes.Length);
        allocated.Should().BeLessThan((4L * bytes.Length) + (1L << 20));
    }

    [Fact]
    public void A_symbolic_link_to_dev_zero_is_refused_before_reading()
    {
        // Given a link to an endless character device (the finding: 768 MB read before the refusal)
        using var folder = new TemporaryDirectory();
        var link = folder.File("model.json");
        File.CreateSymbolicLink(link, "/dev/zero");

        // When it is loaded, then IOException names it, with nothing read
        var (exception, allocated) = Measure(() => Network<double>.Load(link));
        exception.Should().BeOfType<IOException>().Which.Message.Should().Contain("character device");
        allocated.Should().BeLessThan(1L << 20);
    }

    [Fact]
    public async Task A_fifo_without_a_writer_is_refused_instead_of_blocking()
    {
        // Given a named pipe that nobody writes to (the finding: Load blocked forever in open)
        using var folder = new TemporaryDirectory();
        var fifo = folder.File("model.json");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
            mkfifo.ExitCode.Should().Be(0);
        }

        // When it is loaded (on another thread, so that a regression fails this test instead of hanging the run)
        var load = Task.Run(() => Record.Exception(() => Checkpoint<double>.Load(fifo)));
        var finished = await Task.WhenAny(load, Task.Delay(TimeSpan.FromMinutes(2)));
        finished.Should().BeSameAs(load, "Load must not block on a FIFO");

        // Then IOException names it
        (await load).Should().BeOfType<IOException>().Which.Message.Should().Contain("FIFO");
    }

    [Fact]
    public void A_directory_is_refused_with_IOException()
    {
        // Given a directory (the finding: an undocumented UnauthorizedAccessException)
        using var folder = new TemporaryDirectory();

        // When it is loaded as a model, an IDX file and a CSV file, then each refuses it with IOException
        var exceptions = new[]
        {
            Record.Exception(() => Network<double>.Load(folder.Path)),
            Record.Exception(() => Backprop.Data.IdxFile.Read(folder.Path)),
            Record.Exception(() => Backprop.Data.CsvDataset.LoadRegression<double>(folder.Path, Backprop.Data.CsvColumn.At(0))),
        };
        exceptions.Should().AllSatisfy(exception => exception.Should().BeOfType<IOException>().Which.Message.Should().Contain("a directory, not a regular file"));
    }

    /// <summary>Runs a load on this thread and measures what it allocated (deterministic, unlike the process total).</summary>
    private void LogRatio(string what, bool seekable, long allocated, long fileBytes)
        => output.WriteLine(FormattableString.Invariant($"{what}, {(seekable ? "seekable" : "non-seekable")} stream: {fileBytes:N0} bytes, {allocated:N0} allocated ({(double)allocated / fileBytes:F2}×)"));

    internal static (Exception? Exception, long Allocated) Measure(Action load)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var exception = Record.Exception(load);
        return (exception, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static (Exception? Exception, long Allocated) Measure<TResult>(Func<TResult> load) => Measure(() => { _ = load(); });
}
