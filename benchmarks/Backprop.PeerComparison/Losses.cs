using static TorchSharp.torch;

namespace Backprop.PeerComparison;

/// <summary>The torch side of Backprop's losses, scaled to the same gradients.</summary>
internal static class Losses
{
    /// <summary>
    /// Backprop's squared error: ½‖a − y‖² per sample, mean over the batch (rows of <paramref name="output"/>).
    /// Not <c>nn.MSELoss</c>, which averages over every element (a tenth of the gradient for ten outputs).
    /// </summary>
    public static Tensor HalfSquaredError(Tensor output, Tensor target)
        => (output - target).square().sum().mul(0.5 / output.shape[0]);
}
