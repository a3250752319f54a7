namespace Backprop.Kernels;

/// <summary>
/// Element-wise work of the forward and backward passes and of the optimizers, one file per concern: activation
/// derivatives (<c>ElementwiseKernels.Activations.cs</c>), bias columns (<c>.Columns.cs</c>), sums
/// (<c>.Reductions.cs</c>), the scale and update loops (<c>.Updates.cs</c>) and finiteness checks (<c>.Checks.cs</c>).
/// </summary>
/// <remarks>
/// Every loop is an <see cref="IElementwiseOperator{T}"/> struct driven by <see cref="ElementwiseLoop"/>, the idiom of
/// <c>System.Numerics.Tensors.TensorPrimitives</c>, but with ordinary stores only (see <see cref="ElementwiseLoop"/>
/// for why).
/// </remarks>
internal static partial class ElementwiseKernels
{
}
