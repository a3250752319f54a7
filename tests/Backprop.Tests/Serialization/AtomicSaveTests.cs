using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Serialization;

public sealed class AtomicSaveTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(4000)]
    public void A_save_that_fails_mid_write_leaves_the_previous_file_readable_and_unchanged(int bytesBeforeFailure)
    {
        // Given a file holding a saved network
        using var folder = new TemporaryDirectory();
        var path = folder.File("model.json");
        var previous = SerializationTestData.RandomNetwork(1, [6, 40, 30, 4], _ => Activation<double>.Tanh, true);
        previous.Save(path);
        var previousBytes = File.ReadAllBytes(path);

        // When another network's save throws after some bytes have reached the disk
        var next = SerializationTestData.RandomNetwork(2, [6, 40, 30, 4], _ => Activation<double>.Relu, true);
        var save = () => ModelFiles.Save(next, trainer: null, path, stream => new FailingStream(stream, bytesBeforeFailure));

        // Then the failure surfaces, the file is byte for byte the previous one and loads as it, and no temporary file is left
        save.Should().Throw<IOException>().WithMessage("Injected failure*");
        File.ReadAllBytes(path).Should().Equal(previousBytes);
        ParameterSnapshot.Of(previous).ShouldBeBitIdenticalTo(Network<double>.Load(path));
        Directory.GetFiles(folder.Path).Should().Equal(path);
    }

    [Fact]
    public void A_save_that_succeeds_replaces_the_previous_file()
    {
        // Given a file holding a saved network
        using var folder = new TemporaryDirectory();
        var path = folder.File("model.json");
        SerializationTestData.RandomNetwork(1, [3, 4, 2], _ => Activation<double>.Tanh, true).Save(path);

        // When another network is saved to the same path
        var next = SerializationTestData.RandomNetwork(2, [3, 5, 2], _ => Activation<double>.Sigmoid, false);
        next.Save(path);

        // Then the file holds the new network only
        var loaded = Network<double>.Load(path);
        loaded.Layers[0].Neurons.Should().Be(5);
        ParameterSnapshot.Of(next).ShouldBeBitIdenticalTo(loaded);
        Directory.GetFiles(folder.Path).Should().Equal(path);
    }

    [Fact]
    public void A_failed_first_save_creates_no_file()
    {
        // Given a path where no file exists
        using var folder = new TemporaryDirectory();
        var path = folder.File("model.json");

        // When the save fails mid-write
        var save = () => ModelFiles.Save(SerializationTestData.RandomNetwork(1, [3, 4, 2], _ => Activation<float>.Tanh, true), trainer: null, path, stream => new FailingStream(stream, 10));

        // Then there is still no file, and nothing else either
        save.Should().Throw<IOException>();
        Directory.GetFiles(folder.Path).Should().BeEmpty();
    }

    /// <summary>Passes writes through until a number of bytes, writes the part that fits, then throws.</summary>
    private sealed class FailingStream(Stream inner, long bytesBeforeFailure) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _written;

        public override long Position { get => _written; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var allowed = (int)Math.Min(buffer.Length, bytesBeforeFailure - _written);
            inner.Write(buffer[..allowed]);
            inner.Flush();
            _written += allowed;
            if (allowed < buffer.Length)
            {
                throw new IOException($"Injected failure after {_written} bytes.");
            }
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
