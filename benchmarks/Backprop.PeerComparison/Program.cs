using Backprop.PeerComparison;

// Backprop against TorchSharp on the same work in the same process. See README.md.
var section = args.Length > 0 ? args[0] : "all";
switch (section)
{
    case "tiny":
        TinyComparison.Run();
        break;
    case "peak":
        PeakFlops.Run();
        break;
    case "gemm":
        PeakFlops.Run();
        GemmComparison.Run();
        break;
    default:
        Console.Error.WriteLine("usage: Backprop.PeerComparison [tiny|gemm|fmnist|all]");
        return 2;
}

return Report.AnyCheckFailed ? 1 : 0;
