using Backprop.Data;
using Backprop.Fuzzing;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Data;

/// <summary>
/// <see cref="IdxFile"/> reads what the IDX format describes, raw or gzip-compressed, and refuses every
/// malformed file with <see cref="InvalidDataException"/> naming the file and the problem, before allocating
/// from a declared size.
/// </summary>
public sealed class IdxFileTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Read_gives_the_dimensions_and_bytes_of_a_raw_file_built_by_hand()
    {
        // Given a 2 × 3 × 2 array of the bytes 0 … 11, written byte by byte
        var path = _folder.Write("array-idx3-ubyte", IdxBytes.Bytes([2, 3, 2], IdxBytes.Counting(12)));

        // When it is read
        var file = IdxFile.Read(path);

        // Then it has those dimensions, 2 items of 6 values, and the bytes in order
        file.Dimensions.Should().Equal(2, 3, 2);
        file.Count.Should().Be(2);
        file.ItemLength.Should().Be(6);
        file.Data.ToArray().Should().Equal(IdxBytes.Counting(12));
        file.Item(1).ToArray().Should().Equal(6, 7, 8, 9, 10, 11);
    }

    [Theory]
    [InlineData("array-idx3-ubyte.gz")]
    [InlineData("array-idx3-ubyte")]
    public void A_gzip_compressed_file_reads_the_same_as_the_raw_one_whatever_its_name(string name)
    {
        // Given the same array gzip-compressed, under a name with and without .gz
        var raw = IdxBytes.Bytes([2, 3, 2], IdxBytes.Counting(12));
        var path = _folder.Write(name, IdxBytes.Gzip(raw));

        // When it is read
        var file = IdxFile.Read(path);

        // Then the magic bytes 1f 8b, not the name, told it to decompress
        file.Dimensions.Should().Equal(2, 3, 2);
        file.Data.ToArray().Should().Equal(IdxBytes.Counting(12));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_accepts_a_stream_that_cannot_seek(bool gzip)
    {
        // Given a raw or gzip IDX array behind a stream without seeking or length
        var raw = IdxBytes.Bytes([3, 4], IdxBytes.Counting(12));
        using var stream = new NonSeekableStream(gzip ? IdxBytes.Gzip(raw) : raw);

        // When it is read
        var file = IdxFile.Read(stream, "pipe");

        // Then the sniffed bytes were not lost
        file.Dimensions.Should().Equal(3, 4);
        file.Data.ToArray().Should().Equal(IdxBytes.Counting(12));
    }

    [Fact]
    public void Write_produces_the_bytes_the_format_describes()
    {
        // Given an array made in memory
        var array = new IdxFile([2, 3, 2], IdxBytes.Counting(12));

        // When it is written uncompressed
        using var stream = new MemoryStream();
        array.Write(stream);

        // Then the bytes are those built by hand from the format's description
        stream.ToArray().Should().Equal(IdxBytes.Bytes([2, 3, 2], IdxBytes.Counting(12)));
    }

    [Theory]
    [InlineData("round-trip-idx2-ubyte", false)]
    [InlineData("round-trip-idx2-ubyte.gz", true)]
    public void Write_to_a_path_then_Read_round_trips_and_compresses_when_the_name_ends_in_gz(string name, bool compressed)
    {
        // Given an array of 300 × 7 bytes
        var array = new IdxFile([300, 7], IdxBytes.Counting(2100));
        var path = _folder.File(name);

        // When it is written to a path and read back
        array.Write(path);
        var copy = IdxFile.Read(path);
        var bytes = File.ReadAllBytes(path);

        // Then it is unchanged, and the file is gzip exactly when the name ends in .gz
        copy.Dimensions.Should().Equal(300, 7);
        copy.Data.ToArray().Should().Equal(array.Data.ToArray());
        (bytes[0] == 0x1f && bytes[1] == 0x8b).Should().Be(compressed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Read_with_maxItems_gives_the_first_items_and_shrinks_the_first_dimension(bool gzip)
    {
        // Given 5 items of 2 × 2 bytes
        var raw = IdxBytes.Bytes([5, 2, 2], IdxBytes.Counting(20));
        var path = _folder.Write("five-idx3-ubyte", gzip ? IdxBytes.Gzip(raw) : raw);

        // When the first 2 are asked for, and then more than there are
        var two = IdxFile.Read(path, maxItems: 2);
        var all = IdxFile.Read(path, maxItems: 9);

        // Then the first gives 2 × 2 × 2 bytes 0 … 7 and the second the whole file
        two.Dimensions.Should().Equal(2, 2, 2);
        two.Data.ToArray().Should().Equal(IdxBytes.Counting(8));
        all.Dimensions.Should().Equal(5, 2, 2);
        all.Data.ToArray().Should().Equal(IdxBytes.Counting(20));
    }

    [Fact]
    public void Read_with_maxItems_still_refuses_a_truncated_raw_file()
    {
        // Given a raw file declaring 5 items of 4 bytes with only 10 bytes of data
        var path = _folder.Write("cut-five", IdxBytes.Bytes([5, 4], IdxBytes.Counting(10)));

        // When only the first item is asked for, then the whole length was still checked
        var read = () => IdxFile.Read(path, maxItems: 1);
        read.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain("declare 20 bytes").And.Contain("only 10 bytes");
    }

    [Fact]
    public void Read_with_maxItems_names_the_slice_when_the_data_ends_inside_it()
    {
        // Given a gzip file declaring 5 items of 4 bytes with only 6 bytes of data
        var path = _folder.Write("cut-five.gz", IdxBytes.Gzip(IdxBytes.Bytes([5, 4], IdxBytes.Counting(6))));

        // When the first 2 items (8 bytes) are asked for, then the message names what the slice needs
        var read = () => IdxFile.Read(path, maxItems: 2);
        read.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain(path).And.Contain("its first 2 items (of 5 × 4) need 8 bytes").And.Contain("only 6 bytes");
    }

    [Fact]
    public void ReadDimensions_reads_the_header_without_the_data()
    {
        // Given a gzip file declaring 60,000 × 28 × 28 with no pixels at all
        var path = _folder.Write("header-only.gz", IdxBytes.Gzip(IdxBytes.Bytes([60000, 28, 28], [])));

        // When only its dimensions are read, then they come back without complaint about the missing data
        IdxFile.ReadDimensions(path).Should().Equal(60000, 28, 28);
    }

    [Fact]
    public void A_file_that_does_not_start_with_00_00_is_not_an_IDX_file()
    {
        // Given a zip file's first bytes
        var path = _folder.Write("archive.zip", [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0]);

        // When it is read, then the message names the file, the bytes found and what was expected
        var read = () => IdxFile.Read(path);
        read.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain(path).And.Contain("not an IDX file").And.Contain("50 4B 03 04").And.Contain("00 00");
    }

    [Fact]
    public void A_type_other_than_unsigned_byte_is_refused_with_its_code_and_name()
    {
        // Given a 1-dimensional array of 32-bit floats (type 0x0D)
        var path = _folder.Write("floats-idx1", IdxBytes.Build(0x0D, [1], [0, 0, 0x80, 0x3F]));

        // When it is read, then the message names the type found and the one supported
        var read = () => IdxFile.Read(path);
        read.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain(path).And.Contain("0x0D (32-bit float)").And.Contain("only 0x08 (unsigned byte");
    }

    [Fact]
    public void A_file_declaring_zero_dimensions_is_refused()
    {
        // Given a magic number with dimension count 0
        var path = _folder.Write("scalar", [0x00, 0x00, 0x08, 0x00, 42]);

        // When it is read, then the message says so
        var read = () => IdxFile.Read(path);
        read.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain(path).And.Contain("declares 0 dimensions");
    }

    [Theory]
    [InlineData(new byte[0], "is empty")]
    [InlineData(new byte[] { 0x00, 0x00, 0x08 }, "ends after 3 bytes, inside the 4-byte IDX magic number")]
    [InlineData(new byte[] { 0x00, 0x00, 0x08, 0x03, 0, 0, 0, 2, 0, 0, 0, 28 }, "ends after 12 bytes, inside its header (16 bytes for 3 dimensions)")]
    [InlineData(new byte[] { 0x00, 0x00, 0x08, 0x01, 0, 0 }, "ends after 6 bytes, inside its header (8 bytes for 1 dimension)")]
    public void A_truncated_header_is_refused_with_how_far_it_got(byte[] bytes, string expected)
    {
        // Given a file cut inside its magic number or dimensions
        var path = _folder.Write("cut-header", bytes);

        // When it is read, then the message says where it ends and how long the header should be
        var read = () => IdxFile.Read(path);
        read.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain(path).And.Contain(expected);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_truncated_payload_is_refused_naming_the_file_and_the_expected_and_actual_byte_counts(bool gzip)
    {
        // Given 10 images of 28 × 28 (7,840 bytes declared) with only 100 bytes of pixels
        var raw = IdxBytes.Bytes([10, 28, 28], IdxBytes.Counting(100));
        var path = _folder.Write("cut-images-idx3-ubyte", gzip ? IdxBytes.Gzip(raw) : raw);

        // When it is read
        var read = () => IdxFile.Read(path);

        // Then the message names the file, the dimensions, the 7,840 bytes declared and the 100 present
        read.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain(path).And.Contain("truncated").And.Contain("10 × 28 × 28")
            .And.Contain("declare 7840 bytes").And.Contain("only 100 bytes");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Bytes_after_the_declared_payload_are_refused(bool gzip)
    {
        // Given 2 × 2 declared (4 bytes) followed by 6 bytes
        var raw = IdxBytes.Bytes([2, 2], IdxBytes.Counting(6));
        var path = _folder.Write("long-idx2-ubyte", gzip ? IdxBytes.Gzip(raw) : raw);

        // When it is read, then the message gives both counts
        var read = () => IdxFile.Read(path);
        read.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain(path).And.Contain("longer than its header declares").And.Contain("declare 4 bytes").And.Contain("6 bytes follow");
    }

    [Theory]
    [InlineData(2147483648u, "as 2147483648")]
    [InlineData(uint.MaxValue, "as 4294967295")]
    [InlineData(0u, "as 0")]
    public void A_dimension_of_zero_or_at_least_two_to_the_31_is_refused(uint dimension, string expected)
    {
        // Given 3 dimensions, the middle one out of range
        var path = _folder.Write("absurd-idx3-ubyte", IdxBytes.Bytes([1, dimension, 1], IdxBytes.Counting(16)));

        // When it is read, then the message names the dimension, its value and the allowed range
        var read = () => IdxFile.Read(path);
        read.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain(path).And.Contain("dimension 1 (of 3)").And.Contain(expected).And.Contain($"from 1 to {int.MaxValue}");
    }

    [Fact]
    public void Dimensions_whose_product_exceeds_an_array_are_refused()
    {
        // Given 65,536 × 65,536 bytes (2³²) declared
        var path = _folder.Write("huge-idx2-ubyte", IdxBytes.Bytes([65536, 65536], []));

        // When it is read, then the message says more than an array holds
        var read = () => IdxFile.Read(path);
        read.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain(path).And.Contain("65536 × 65536").And.Contain($"more than the {Array.MaxLength} bytes");
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(true, false)]
    public void A_huge_declared_size_in_front_of_a_few_bytes_is_refused_without_allocating_it(bool gzip, bool seekable)
    {
        // Given 2,000,000,000 bytes declared (allowed by the format, and by a raised limit) and 10 present
        var raw = IdxBytes.Bytes([2_000_000_000], IdxBytes.Counting(10));
        var bytes = gzip ? IdxBytes.Gzip(raw) : raw;
        using Stream stream = seekable ? new MemoryStream(bytes) : new NonSeekableStream(bytes);

        // When it is read
        var before = GC.GetAllocatedBytesForCurrentThread();
        var read = () => IdxFile.Read(stream, "small", options: new IdxReadOptions { MaxBytes = Array.MaxLength });
        var exception = read.Should().ThrowExactly<InvalidDataException>().Which;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Then it is reported as truncated, and far less than the declared size was allocated
        exception.Message.Should().Contain("'small'").And.Contain("declare 2000000000 bytes").And.Contain("only 10 bytes");
        allocated.Should().BeLessThan(16L << 20);
    }

    [Fact]
    public void A_corrupt_gzip_stream_is_refused_naming_the_file()
    {
        // Given the gzip magic bytes followed by garbage
        var path = _folder.Write("corrupt.gz", [0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0xff, 0xff, 0xff, 0xff, 0x00, 0x13, 0x37]);

        // When it is read, then the documented exception names the file
        var read = () => IdxFile.Read(path);
        read.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain(path);
    }

    [Fact]
    public void A_gzip_file_cut_in_the_middle_is_refused_naming_the_file()
    {
        // Given a valid gzip IDX file of 20,000 incompressible bytes cut in half
        var payload = new byte[20_000];
        new Random(5).NextBytes(payload);
        var gzip = IdxBytes.Gzip(IdxBytes.Bytes([20_000], payload));
        var path = _folder.Write("cut.gz", gzip[..(gzip.Length / 2)]);

        // When it is read, then the documented exception names the file
        var read = () => IdxFile.Read(path);
        read.Should().ThrowExactly<InvalidDataException>()
            .Which.Message.Should().Contain(path);
    }

    [Fact]
    public void The_constructor_refuses_data_of_another_length_than_the_dimensions_hold()
    {
        // Given dimensions 2 × 3 and 5 bytes
        var create = () => new IdxFile([2, 3], new byte[5]);

        // Then it names both counts
        create.Should().ThrowExactly<ArgumentException>().Which.Message.Should().Contain("hold 6 values").And.Contain("data has 5");
    }

    [Fact]
    public void Dimensions_cannot_be_changed_through_the_returned_list()
    {
        // Given an array
        var array = new IdxFile([2, 2], new byte[4]);

        // Then its dimension list is read-only
        array.Dimensions.Should().BeAssignableTo<System.Collections.ObjectModel.ReadOnlyCollection<int>>();
    }
}
