namespace Backprop;

/// <summary>Precision, recall, F1 score and support of one class, or their macro or weighted average.</summary>
/// <param name="Precision">Of the samples predicted as the class, the (weighted) fraction that are of it: <c>TP / (TP + FP)</c>; 0 when none is predicted as it.</param>
/// <param name="Recall">Of the samples of the class, the (weighted) fraction predicted as it: <c>TP / (TP + FN)</c>; 0 when it has no samples.</param>
/// <param name="F1Score">The harmonic mean of precision and recall, <c>2 TP / (2 TP + FP + FN)</c>; 0 when that is 0 / 0.</param>
/// <param name="Support">The number (or total sample weight) of samples of the class; for an average, of all samples.</param>
public sealed record ClassScores(double Precision, double Recall, double F1Score, double Support);
