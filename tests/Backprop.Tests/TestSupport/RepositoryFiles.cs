using System.Runtime.CompilerServices;

namespace Backprop.Tests.TestSupport;

/// <summary>Files of the repository the tests read (the README), found from the test sources' own path.</summary>
internal static class RepositoryFiles
{
    /// <summary>The path of README.md, the one beside Backprop.sln above the test sources.</summary>
    public static string Readme() => Find("README.md");

    private static string Find(string name, [CallerFilePath] string thisFile = "")
    {
        for (var folder = new DirectoryInfo(Path.GetDirectoryName(thisFile)!); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, name);
            if (File.Exists(candidate) && File.Exists(Path.Combine(folder.FullName, "Backprop.sln")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{name} beside Backprop.sln was not found above {thisFile}.");
    }
}
