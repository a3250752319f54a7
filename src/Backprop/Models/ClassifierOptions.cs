namespace Backprop;

/// <summary>The settings of a <see cref="Classifier{TLabel}"/>: those of <see cref="ModelOptions"/> and the class weights.</summary>
/// <typeparam name="TLabel">The label type.</typeparam>
public sealed class ClassifierOptions<TLabel> : ModelOptions
    where TLabel : notnull
{
    /// <summary>
    /// How much each class counts in the loss (default <see langword="null"/>: equally), multiplied into the sample
    /// weights: <see cref="ClassWeights{TLabel}.Balanced"/> or <see cref="ClassWeights{TLabel}.Of"/>.
    /// </summary>
    public ClassWeights<TLabel>? ClassWeights { get; init; }
}
