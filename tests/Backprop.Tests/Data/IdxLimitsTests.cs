using System.IO.Compression;
using Backprop.Data;
using Backprop.Tests.Serialization;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Data;

/// <summary>
/// <see cref="IdxFile"/> within <see cref="IdxReadOptions"/>: a declared size over the limit is refused from the
/// header, a gzip bomb at the ratio limit, and a truncated stream costs the bytes that arrived (issue 17's findings).
/// </summary>
public sealed class IdxLimitsTests
{
    [Fact]
    public void A_small_gzip_file_declaring_gigabytes_of_zeros_is_refused_at_the_ratio_limit()
    {
        // Given 64 MB of zeros behind a header declaring 64 Mi images of 1 byte, gzip-compressed to about 64 KB
        // (the finding: 2.1 MB declaring 2 GB loaded, 18 s and 4 GB)
        var compressed = Gzip(IdxBytes.Bytes([64u << 20], new byte[64 << 20]));
        compressed.Length.Should().BeLessThan(1 << 20);

        // When it is read with a data limit that the size alone would pass
        var (exception, allocated) = BoundedLoadTests.Measure(() => IdxFile.Read(new MemoryStream(compressed), "bomb.gz", options: new IdxReadOptions { MaxBytes = 128L << 20 }));

        // Then the ratio refuses it after about 100 × the compressed bytes plus 1 MiB, not 64 MB
        exception.Should().BeOfType<InvalidDataException>().Which.Message.Should().Contain("'bomb.gz' (gzip-compressed) decompresses to more than 100 times");
        allocated.Should().BeLessThan((200L * compressed.Length) + (4L << 20));
    }

    [Fact]
    public void A_header_declaring_more_than_the_limit_is_refused_before_anything_is_allocated()
    {
        // Given a header declaring 640,000 images of 28 × 28 in front of 1 KB (the finding: a 1 MB pair, 4.8 GB)
        var bytes = IdxBytes.Bytes([640_000, 28, 28], new byte[1024]);

        // When it is read with a limit of 100 MB
        var (exception, allocated) = BoundedLoadTests.Measure(() => IdxFile.Read(new GeneratedStream(bytes, [0], bytes.Length), "images", options: new IdxReadOptions { MaxBytes = 100_000_000 }));

        // Then the header is refused by its declared size
        exception.Should().BeOfType<InvalidDataException>().Which.Message.Should().Contain("501760000 bytes, more than the limit of 100000000 bytes");
        allocated.Should().BeLessThan(1L << 20);
    }

    [Fact]
    public void A_truncated_stream_costs_at_most_the_bytes_that_arrived_plus_a_chunk()
    {
        // Given a header declaring 200 MB followed by 24 MB that arrive (the finding: 3 × the bytes that arrived)
        const int Arrived = 24 << 20;
        var header = IdxBytes.Bytes([200_000_000], []);
        var stream = new GeneratedStream(header, [7], header.Length + Arrived);

        // When it is read
        var (exception, allocated) = BoundedLoadTests.Measure(() => IdxFile.Read(stream, "cut"));

        // Then it is refused as truncated, having allocated the arrived bytes and one more chunk at most
        exception.Should().BeOfType<InvalidDataException>().Which.Message.Should().Contain("truncated");
        allocated.Should().BeLessThan(Arrived + (2L << 20));
    }

    [Fact]
    public void A_complete_stream_of_unknown_length_costs_at_most_twice_its_payload()
    {
        // Given 8 MB of payload from a stream that cannot seek
        const int Length = 8 << 20;
        var bytes = IdxBytes.Bytes([Length], IdxBytes.Counting(Length));

        // When it is read
        IdxFile? file = null;
        var (exception, allocated) = BoundedLoadTests.Measure(() => file = IdxFile.Read(new GeneratedStream(bytes, [0], bytes.Length), "whole"));

        // Then it loads, within twice its payload plus a fixed amount
        exception.Should().BeNull();
        file!.Data.Span[Length - 1].Should().Be(unchecked((byte)(Length - 1)));
        allocated.Should().BeLessThan((2L * Length) + (1L << 20));
    }

    [Fact]
    public void Real_compression_ratios_pass_the_default_limit()
    {
        // Given the repository's Fashion-MNIST slice (about 3 : 1 to 5 : 1), when read with the defaults, then it loads
        var path = Path.Combine(FashionMnistSlice.Folder, "train-images-idx3-ubyte.gz");
        IdxFile.Read(path).Dimensions.Should().Equal(2000, 28, 28);
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }
}
