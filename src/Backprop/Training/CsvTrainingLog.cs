using System.Globalization;

namespace Backprop;

/// <summary>
/// An <see cref="IProgress{T}"/> for <c>Trainer.Fit</c> that writes one CSV row per epoch (Keras's <c>CSVLogger</c>):
/// <c>epoch,loss,accuracy,validation_loss,validation_accuracy,learning_rate,seconds</c>, the header once, numbers
/// culture-invariant and round-trip exact, an empty field where a figure does not apply; each row is flushed.
/// </summary>
/// <remarks>
/// <c>seconds</c> is the epoch's duration. Epochs are numbered across the <c>Fit</c> calls reported to the same log
/// (a second <c>Fit</c>, which counts from 1 again, continues the numbering), so a resumed run reads as one.
/// Reports within an epoch are ignored. The log writes synchronously; the writer stays the caller's to dispose.
/// </remarks>
/// <example>
/// <code>
/// using var file = File.CreateText("training.csv");
/// trainer.Fit(network, inputs, targets, options, new CsvTrainingLog(file));
/// </code>
/// </example>
public sealed class CsvTrainingLog : IProgress<TrainingProgress>
{
    /// <summary>The header row.</summary>
    public const string Header = "epoch,loss,accuracy,validation_loss,validation_accuracy,learning_rate,seconds";

    private readonly object _lock = new();
    private readonly TextWriter _writer;
    private bool _headerWritten;
    private int _epochOffset;
    private int _lastEpoch;
    private TimeSpan _lastEpochEnd;

    /// <summary>Creates a log that writes to <paramref name="writer"/>.</summary>
    /// <param name="writer">Where the rows go (a file's <see cref="StreamWriter"/>, a <see cref="StringWriter"/>, …).</param>
    /// <param name="writeHeader">Whether to write the header before the first row (default true; false to append to a log that has one).</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public CsvTrainingLog(TextWriter writer, bool writeHeader = true)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _headerWritten = !writeHeader;
    }

    /// <summary>Writes the row of an epoch-end report; ignores reports within an epoch.</summary>
    /// <param name="value">The report.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.IsEpochEnd)
        {
            return;
        }

        lock (_lock)
        {
            if (!_headerWritten)
            {
                _writer.WriteLine(Header);
                _headerWritten = true;
            }

            if (value.Epoch <= _lastEpoch)
            {
                // A new Fit: continue the numbering, and time its first epoch from its own start.
                _epochOffset += _lastEpoch;
                _lastEpochEnd = TimeSpan.Zero;
            }

            var seconds = (value.Elapsed - _lastEpochEnd).TotalSeconds;
            _writer.WriteLine(string.Join(
                ',',
                (_epochOffset + value.Epoch).ToString(CultureInfo.InvariantCulture),
                Number(value.Loss),
                Number(value.Accuracy),
                Number(value.ValidationLoss),
                Number(value.ValidationAccuracy),
                Number(value.LearningRate),
                Number(seconds)));
            _writer.Flush();
            _lastEpoch = value.Epoch;
            _lastEpochEnd = value.Elapsed;
        }
    }

    private static string Number(double? value) => value is { } number ? number.ToString("R", CultureInfo.InvariantCulture) : string.Empty;
}
