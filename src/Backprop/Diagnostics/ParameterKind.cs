namespace Backprop.Diagnostics;

/// <summary>Which kind of parameter a report entry is about.</summary>
public enum ParameterKind
{
    /// <summary>An entry of a weight matrix W.</summary>
    Weight,

    /// <summary>An entry of a bias vector b.</summary>
    Bias,
}
