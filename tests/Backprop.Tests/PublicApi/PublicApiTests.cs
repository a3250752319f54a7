using System.Reflection;
using System.Runtime.CompilerServices;
using PublicApiGenerator;

namespace Backprop.Tests.PublicApi;

/// <summary>
/// The public surface of both packages, as text, against the reviewed snapshot beside this file: any change of a
/// public type or member fails here until the snapshot is updated on purpose. On a difference the test writes
/// <c>*.received.txt</c> beside the snapshot; review it and copy it over <c>*.approved.txt</c> to accept.
/// </summary>
public sealed class PublicApiTests
{
    [Theory]
    [InlineData("Backprop")]
    [InlineData("Backprop.Onnx")]
    public void The_public_api_is_the_reviewed_one(string assemblyName)
    {
        // Given the assembly and its reviewed snapshot
        var assembly = assemblyName == "Backprop" ? typeof(Network<>).Assembly : typeof(OnnxExport).Assembly;
        var approvedPath = Path.Combine(Folder(), $"{assemblyName}.approved.txt");
        var receivedPath = Path.Combine(Folder(), $"{assemblyName}.received.txt");

        // When its public API is generated
        var api = Normalize(assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }));

        // Then it equals the snapshot
        var approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : string.Empty;
        if (api != approved)
        {
            File.WriteAllText(receivedPath, api);
        }
        else if (File.Exists(receivedPath))
        {
            File.Delete(receivedPath);
        }

        api.Should().Be(approved, $"the public API of {assemblyName} changed; review {receivedPath} and copy it over {approvedPath} to accept it");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";

    private static string Folder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
