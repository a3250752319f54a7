using Backprop.Data;

namespace Backprop.Fuzzing;

/// <summary>
/// <see cref="IdxFile.Read(Stream, string?, int?, IdxReadOptions?)"/> on the input, raw or gzip, from a seekable and from a
/// non-seekable stream. Guarantees checked on acceptance: both streams accept the same bytes and give the same
/// array; the dimensions multiply to the data length; reading only the first item gives that item; writing the
/// array and reading it back gives it again.
/// </summary>
internal static class IdxTarget
{
    private const string Source = "fuzz input";

    public static string Run(byte[] input)
    {
        var (file, refusal) = TryRead(() => IdxFile.Read(new MemoryStream(input, writable: false), Source));
        var (streamed, streamedRefusal) = TryRead(() => IdxFile.Read(new NonSeekableStream(input), Source));
        FuzzInvariantException.Require(
            (file is null) == (streamed is null),
            $"a seekable and a non-seekable stream of the same bytes are both accepted or both refused (seekable: {refusal?.Message ?? "accepted"}; non-seekable: {streamedRefusal?.Message ?? "accepted"})");
        if (file is null)
        {
            // A prefix may still be well-formed: reading one item must either work or be refused the documented way.
            TryRead(() => IdxFile.Read(new MemoryStream(input, writable: false), Source, maxItems: 1));
            return "refused: " + refusal!.Message;
        }

        FuzzInvariantException.Require(SameArray(file, streamed!), "a seekable and a non-seekable stream give the same array");
        var length = file.Dimensions.Aggregate(1L, (product, dimension) => product * dimension);
        FuzzInvariantException.Require(length == file.Data.Length && file.Count * (long)file.ItemLength == length, $"the dimensions {file} multiply to the data length {file.Data.Length}");

        var first = IdxFile.Read(new MemoryStream(input, writable: false), Source, maxItems: 1);
        FuzzInvariantException.Require(
            first.Count == 1 && first.Dimensions.Skip(1).SequenceEqual(file.Dimensions.Skip(1)) && first.Data.Span.SequenceEqual(file.Item(0).Span),
            "reading only the first item gives the first item");

        using var written = new MemoryStream();
        file.Write(written);
        written.Position = 0;
        FuzzInvariantException.Require(SameArray(file, IdxFile.Read(written, Source)), "writing the array and reading it back gives the same array");
        return "loaded " + file;
    }

    private static (IdxFile? File, InvalidDataException? Refusal) TryRead(Func<IdxFile> read)
    {
        try
        {
            return (read(), null);
        }
        catch (InvalidDataException refusal)
        {
            return (null, refusal);
        }
    }

    private static bool SameArray(IdxFile a, IdxFile b)
        => a.Dimensions.SequenceEqual(b.Dimensions) && a.Data.Span.SequenceEqual(b.Data.Span);
}
