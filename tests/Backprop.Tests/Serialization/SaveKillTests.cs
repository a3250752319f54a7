using System.Diagnostics;
using Backprop.SaveCrashChild;
using Backprop.Tests.TestSupport;

namespace Backprop.Tests.Serialization;

/// <summary>
/// A child process saving a large network (about 8 MB) again and again is killed at a random point, 20 times: each
/// time the file left behind loads and is either the old network or the new one, bit for bit, and the next save
/// leaves no temporary file.
/// </summary>
public sealed class SaveKillTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Kills = 20;

    [Fact]
    public async Task A_save_killed_at_random_points_leaves_the_old_or_the_new_file_and_the_next_save_cleans_up()
    {
        // Given the old network saved at the path, and the new one that the child saves over it
        using var folder = new TemporaryDirectory();
        var path = folder.File("large.json");
        var old = LargeNetworks.Build(1);
        var oldSnapshot = ParameterSnapshot.Of(old);
        var newSnapshot = ParameterSnapshot.Of(LargeNetworks.Build(2));
        old.Save(path);
        var child = typeof(LargeNetworks).Assembly.Location;
        var random = new Random(17);
        var outcomes = new List<string>();

        for (var kill = 0; kill < Kills; kill++)
        {
            // When the child is killed a random time (0 to 1.5 s) after it starts saving
            using var process = Process.Start(new ProcessStartInfo("dotnet", [child, path, "2"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
            (await process.StandardOutput.ReadLineAsync()).Should().Be("saving");
            await Task.Delay(random.Next(0, 1500));
            process.Kill();
            await process.WaitForExitAsync();

            // Then the file loads and is exactly one of the two networks
            var loaded = Network<double>.Load(path);
            var isOld = Record.Exception(() => oldSnapshot.ShouldBeBitIdenticalTo(loaded)) is null;
            var isNew = Record.Exception(() => newSnapshot.ShouldBeBitIdenticalTo(loaded)) is null;
            (isOld || isNew).Should().BeTrue($"kill {kill} must leave the old or the new network");
            outcomes.Add(isOld ? "old" : "new");

            // And the next save (of the old network again) leaves only the file itself
            old.Save(path);
            Directory.GetFiles(folder.Path).Should().Equal(path);
        }

        // A record of where the kills fell: before the child's first rename (old) or after one (new)
        output.WriteLine($"{Kills} kills: {outcomes.Count(o => o == "old")} left the old network, {outcomes.Count(o => o == "new")} the new one");
        outcomes.Should().HaveCount(Kills);
    }
}
