using System.Globalization;
using System.Text;

namespace Backprop;

/// <summary>
/// A ready <see cref="IProgress{T}"/> for <c>Trainer.Fit</c> that prints one line per epoch (loss, accuracy,
/// validation loss and accuracy, learning rate, the epoch's time and samples per second), a live progress bar
/// during the epoch when the output is a terminal, and each training warning the first time it appears: the
/// diagnostics' (exploding or vanishing gradients, saturated or dead units) and a rising training loss, the sign of
/// a run heading for divergence.
/// </summary>
/// <remarks>
/// Unlike <see cref="Progress{T}"/>, it writes synchronously on the training thread, so lines come in order and
/// before <c>Fit</c> returns. A line reads, for example,
/// <c>epoch  3/20  loss 0.41234  accuracy 0.8700  validation loss 0.45012  validation accuracy 0.8500  learning rate 0.001  1.25 s  52,000 samples/s</c>
/// (parts without a value are left out; numbers culture-invariant). A new <c>Fit</c> (its epoch 1 again) starts a new
/// run: warnings already shown are shown again. A diverged step throws <see cref="TrainingDivergedException"/> out of
/// <c>Fit</c>; catch it where you call <c>Fit</c>.
/// </remarks>
public sealed class ConsoleProgressReporter : IProgress<TrainingProgress>
{
    /// <summary>Epochs in a row of rising training loss after which the reporter warns.</summary>
    public const int RisingLossEpochs = 3;

    private const int BarWidth = 20;

    private readonly object _lock = new();
    private readonly TextWriter _output;
    private readonly HashSet<string> _warningsShown = new(StringComparer.Ordinal);
    private int _lastEpoch;
    private TimeSpan _lastEpochEnd;
    private double _previousLoss = double.NaN;
    private double _lossBeforeRise = double.NaN;
    private int _risingEpochs;
    private int _barLength;

    /// <summary>Creates a reporter.</summary>
    /// <param name="output">Where to write (default <see cref="Console.Out"/>).</param>
    /// <param name="liveBar">
    /// Whether to draw a bar, redrawn in place with <c>\r</c>, on the reports within an epoch (default: when
    /// <paramref name="output"/> is the console and it is not redirected to a file or pipe).
    /// </param>
    public ConsoleProgressReporter(TextWriter? output = null, bool? liveBar = null)
    {
        _output = output ?? Console.Out;
        LiveBar = liveBar ?? (ReferenceEquals(_output, Console.Out) && !Console.IsOutputRedirected);
    }

    /// <summary>Whether a live bar is drawn within epochs.</summary>
    public bool LiveBar { get; }

    /// <summary>Writes the report: the bar within an epoch (when <see cref="LiveBar"/>), the epoch's line and any new warning at its end.</summary>
    /// <param name="value">The report.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            if (value.Epoch <= _lastEpoch)
            {
                // A new Fit: its epochs count from 1 again.
                StartRun();
            }

            if (!value.IsEpochEnd)
            {
                if (LiveBar)
                {
                    DrawBar(value);
                }

                return;
            }

            ClearBar();
            _output.WriteLine(EpochLine(value));
            foreach (var warning in Warnings(value))
            {
                if (_warningsShown.Add(warning))
                {
                    _output.WriteLine("  warning: " + warning);
                }
            }

            _lastEpoch = value.Epoch;
            _lastEpochEnd = value.Elapsed;
            _output.Flush();
        }
    }

    /// <summary>The epoch's line, without its line end.</summary>
    internal string EpochLine(TrainingProgress value)
    {
        var width = value.Epochs.ToString(CultureInfo.InvariantCulture).Length;
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"epoch {value.Epoch.ToString(CultureInfo.InvariantCulture).PadLeft(width)}/{value.Epochs}");
        line.Append(CultureInfo.InvariantCulture, $"  loss {value.Loss:G5}");
        if (value.Accuracy is { } accuracy)
        {
            line.Append(CultureInfo.InvariantCulture, $"  accuracy {accuracy:F4}");
        }

        if (value.ValidationLoss is { } validationLoss)
        {
            line.Append(CultureInfo.InvariantCulture, $"  validation loss {validationLoss:G5}");
        }

        if (value.ValidationAccuracy is { } validationAccuracy)
        {
            line.Append(CultureInfo.InvariantCulture, $"  validation accuracy {validationAccuracy:F4}");
        }

        if (value.LearningRate is { } learningRate)
        {
            line.Append(CultureInfo.InvariantCulture, $"  learning rate {learningRate:G4}");
        }

        var seconds = (value.Elapsed - _lastEpochEnd).TotalSeconds;
        line.Append(CultureInfo.InvariantCulture, $"  {seconds:F2} s  {value.SamplesPerSecond:N0} samples/s");
        return line.ToString();
    }

    private void StartRun()
    {
        _warningsShown.Clear();
        _lastEpoch = 0;
        _lastEpochEnd = TimeSpan.Zero;
        _previousLoss = double.NaN;
        _lossBeforeRise = double.NaN;
        _risingEpochs = 0;
    }

    /// <summary>
    /// The diagnostics' warnings, and one when the training loss has risen <see cref="RisingLossEpochs"/> epochs in a
    /// row (its text names where the rise began, so one rise is shown once and a later rise again).
    /// </summary>
    private IEnumerable<string> Warnings(TrainingProgress value)
    {
        if (value.Loss > _previousLoss)
        {
            if (_risingEpochs++ == 0)
            {
                _lossBeforeRise = _previousLoss;
            }
        }
        else
        {
            _risingEpochs = 0;
        }

        _previousLoss = value.Loss;
        if (_risingEpochs >= RisingLossEpochs)
        {
            yield return string.Create(
                CultureInfo.InvariantCulture,
                $"the training loss rose {RisingLossEpochs} epochs in a row (from {_lossBeforeRise:G5} at epoch {value.Epoch - _risingEpochs}): training may be diverging; lower the learning rate.");
        }

        foreach (var warning in value.Diagnostics?.Warnings ?? [])
        {
            yield return warning;
        }
    }

    private void DrawBar(TrainingProgress value)
    {
        var filled = value.BatchesPerEpoch == 0 ? BarWidth : (int)((long)BarWidth * value.Batch / value.BatchesPerEpoch);
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {value.Epoch}/{value.Epochs} [{new string('#', filled)}{new string('-', BarWidth - filled)}] {value.Batch}/{value.BatchesPerEpoch}  loss {value.Loss:G5}");
        _output.Write("\r" + text.PadRight(_barLength));
        _barLength = text.Length;
        _output.Flush();
    }

    private void ClearBar()
    {
        if (_barLength > 0)
        {
            _output.Write("\r" + new string(' ', _barLength) + "\r");
            _barLength = 0;
        }
    }
}
