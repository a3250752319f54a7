using Backprop.SaveCrashChild;

// Usage: Backprop.SaveCrashChild <path> <seed>
// Saves the network of <seed> to <path> again and again, printing "saving" before the first save, until killed.
if (args.Length != 2 || !int.TryParse(args[1], System.Globalization.CultureInfo.InvariantCulture, out var seed))
{
    Console.Error.WriteLine("usage: Backprop.SaveCrashChild <path> <seed>");
    return 2;
}

var network = LargeNetworks.Build(seed);
Console.WriteLine("saving");
Console.Out.Flush();
while (true)
{
    network.Save(args[0]);
}
