namespace Backprop.Fuzzing;

/// <summary>Runs a target on saved inputs (a seed corpus, afl's crashes) outside afl, with readable outcomes.</summary>
internal static class Replay
{
    /// <summary>Runs the target on every file (folders are searched recursively); 1 when any input crashed.</summary>
    public static int Run(Func<byte[], string> target, IEnumerable<string> paths)
    {
        var crashes = 0;
        var files = paths
            .SelectMany(path => Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories) : [path])
            .Where(file => !Path.GetFileName(file).StartsWith('.'))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            try
            {
                Console.WriteLine($"ok     {file}: {target(File.ReadAllBytes(file))}");
            }
#pragma warning disable CA1031 // Anything the target lets through is a crash to report, whatever its type.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                crashes++;
                Console.WriteLine($"CRASH  {file}: {exception}");
            }
        }

        Console.WriteLine(crashes == 0 ? "no crashes" : $"{crashes} crashing input(s)");
        return crashes == 0 ? 0 : 1;
    }
}
