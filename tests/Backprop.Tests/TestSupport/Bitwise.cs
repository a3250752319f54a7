using System.Runtime.InteropServices;

namespace Backprop.Tests.TestSupport;

/// <summary>Bit-for-bit comparison of floating-point arrays (0.0 and −0.0 differ; NaN payloads count).</summary>
internal static class Bitwise
{
    /// <summary>Asserts that both arrays have the same length and the same bits, naming the first difference.</summary>
    public static void ShouldEqual<T>(T[] expected, T[] actual, string what)
        where T : unmanaged
    {
        actual.Length.Should().Be(expected.Length, "the lengths of {0} must agree", what);
        var index = FirstDifference(expected, actual);
        index.Should().Be(-1, "{0} must be bit-identical, but element {1} is {2} instead of {3}",
            what, index, index < 0 ? default : actual[index], index < 0 ? default : expected[index]);
    }

    /// <summary>The index of the first element whose bits differ, or −1.</summary>
    public static int FirstDifference<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual)
        where T : unmanaged
    {
        var size = Marshal.SizeOf<T>();
        var expectedBytes = MemoryMarshal.AsBytes(expected);
        var actualBytes = MemoryMarshal.AsBytes(actual);
        if (expected.Length == actual.Length && expectedBytes.SequenceEqual(actualBytes))
        {
            return -1;
        }

        for (var i = 0; i < Math.Min(expected.Length, actual.Length); i++)
        {
            if (!expectedBytes.Slice(i * size, size).SequenceEqual(actualBytes.Slice(i * size, size)))
            {
                return i;
            }
        }

        return Math.Min(expected.Length, actual.Length);
    }
}
