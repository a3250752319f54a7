namespace Backprop;

/// <summary>
/// The one exception that loading a model or checkpoint file throws when the file's content is wrong:
/// malformed or truncated JSON, an unknown format version, activation, loss, layer or optimizer kind, shapes
/// that do not chain, a payload that does not match its declared size, a value that is NaN or infinite, a
/// file over the size limit, or a checksum that does not match.
/// </summary>
/// <remarks>
/// The message names what is wrong and <see cref="Location"/> says where. Loading never does more than fail
/// with this exception: nothing named by the file is instantiated, and nothing is allocated from a declared
/// size before it has been checked against the bytes actually present. Errors of the environment (a missing
/// file, a failing disk) are not format errors and surface as the usual <see cref="IOException"/>s.
/// </remarks>
public sealed class ModelFormatException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ModelFormatException()
        : this("The model file is not valid.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public ModelFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that revealed the problem.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The underlying error (for example the JSON parser's).</param>
    public ModelFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal ModelFormatException(string location, string problem, Exception? innerException = null)
        : base($"Invalid model file at {location}: {problem}", innerException)
    {
        Location = location;
    }

    /// <summary>
    /// Where the problem is: a JSON path such as <c>$.network.layers[1].weights</c>, or a line and byte
    /// position for malformed JSON; <see langword="null"/> when the exception was created without one.
    /// </summary>
    public string? Location { get; }
}
