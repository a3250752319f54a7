using Backprop.Fuzzing;
using SharpFuzz;

// Usage:
//   Backprop.Fuzzing <target>                     fuzz under afl-fuzz (input on stdin, via SharpFuzz)
//   Backprop.Fuzzing <target> --replay <path>...  run the target on files or folders and report each outcome;
//                                                 exit code 1 when an input crashes (an undocumented exception)
//   Backprop.Fuzzing model --write-seeds <folder>  write the model seeds (saved networks and checkpoints)
//   Backprop.Fuzzing model-structured --seeds <folder> [--replay <path>...]  the structure-aware target reads its
//                                                 seed documents from <folder> (tests/fuzz-corpus/model)
//   Backprop.Fuzzing model-structured --seeds <folder> --write-document <recipe> <file>  the model file a recipe makes
// Targets: model, checkpoint, model-structured, idx, csv.
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: Backprop.Fuzzing <{string.Join("|", FuzzTargets.All.Keys)}> [--replay <file or folder>...]");
    return 2;
}

if (args is ["model", "--write-seeds", var seedFolder])
{
    return ModelSeeds.Write(seedFolder);
}

if (args.Length > 2 && args[1] == "--seeds")
{
    StructuredModelTarget.UseSeeds(args[2]);
    args = [args[0], .. args[3..]];
}

if (args is ["model-structured", "--write-document", var recipePath, var documentPath])
{
    // A crashing recipe becomes a model file that the model corpus regression tests replay.
    var (document, _) = StructuredModelTarget.Document(File.ReadAllBytes(recipePath));
    File.WriteAllBytes(documentPath, document ?? []);
    return 0;
}

if (args.Length > 1)
{
    if (args[1] != "--replay" || args.Length == 2)
    {
        Console.Error.WriteLine("usage: Backprop.Fuzzing <target> --replay <file or folder>...");
        return 2;
    }

    return Replay.Run(target, args[2..]);
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target(buffer.ToArray());
});
return 0;
