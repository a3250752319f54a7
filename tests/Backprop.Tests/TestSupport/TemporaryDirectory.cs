using System.Text;

namespace Backprop.Tests.TestSupport;

/// <summary>
/// A fresh folder under the system's temporary folder for the files one test writes, deleted with its content on
/// dispose: every test that touches the file system makes its files here.
/// </summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory() => Path = Directory.CreateTempSubdirectory("backprop-tests-").FullName;

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The full path of a file name inside the folder (the file is not created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes bytes to a file in the folder; returns its path.</summary>
    public string Write(string name, byte[] bytes)
    {
        var path = File(name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Writes UTF-8 text (no byte-order mark unless asked) exactly as given; returns its path.</summary>
    public string WriteText(string name, string text, bool byteOrderMark = false)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, text, new UTF8Encoding(byteOrderMark));
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temporary folder is harmless, and must not fail the test that made it.
        }
    }
}
