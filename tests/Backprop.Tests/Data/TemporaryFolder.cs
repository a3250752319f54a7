using System.Text;

namespace Backprop.Tests.Data;

/// <summary>A fresh folder under the system's temp folder for the files one test writes; deleted on dispose.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder() => Path = Directory.CreateTempSubdirectory("backprop-data-tests-").FullName;

    public string Path { get; }

    /// <summary>The full path of a file name inside the folder.</summary>
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
            // Best effort: a leftover temp folder is harmless.
        }
    }
}
