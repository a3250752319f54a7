using Backprop.PeerComparison;

// Backprop against TorchSharp on the same work in the same process. See README.md.
//   Backprop.PeerComparison [tiny|predict|gemm|fmnist|scaling|coldstart|all] [--data <fashion-mnist folder>]
var positional = new List<string>();
var dataFolder = Backprop.Data.FashionMnist.DefaultFolder;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--data" && i + 1 < args.Length)
    {
        dataFolder = args[++i];
    }
    else
    {
        positional.Add(args[i]);
    }
}

var section = positional.Count > 0 ? positional[0] : "all";
Report.Note($"load average at start: {Report.LoadAverage()}");
switch (section)
{
    case "tiny":
        TinyComparison.Run();
        break;
    case "coldstart":
        ColdStart.Run();
        break;
    case "predict":
        PredictComparison.Run();
        break;
    case "peak":
        PeakFlops.Run();
        break;
    case "gemm":
        PeakFlops.Run();
        GemmComparison.Run();
        break;
    case "fmnist":
        FashionMnistComparison.Run(dataFolder);
        break;
    case "scaling":
        ScalingComparison.Run(dataFolder);
        break;
    case "all":
        TinyComparison.Run();
        PredictComparison.Run();
        PeakFlops.Run();
        GemmComparison.Run();
        FashionMnistComparison.Run(dataFolder);
        ScalingComparison.Run(dataFolder);
        ColdStart.Run();
        break;
    case ColdStart.ChildArgument:
        // Hidden: the child process of the cold-start figures.
        ColdStart.RunChild();
        return 0;
    case FashionMnistComparison.RssChildArgument when positional.Count == 2:
        // Hidden: the child process of the peak-RSS figure.
        FashionMnistComparison.RunRssChild(positional[1], dataFolder);
        return 0;
    default:
        Console.Error.WriteLine("usage: Backprop.PeerComparison [tiny|predict|gemm|fmnist|scaling|coldstart|all] [--data <fashion-mnist folder>]");
        return 2;
}

Report.Note($"load average at end: {Report.LoadAverage()}");
return Report.AnyCheckFailed ? 1 : 0;
