using System.Globalization;
using Backprop.Tests.TestSupport;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Training;

/// <summary>
/// <see cref="CsvTrainingLog"/>: a header once, a row per epoch with round-trip numbers and empty fields where a
/// figure does not apply, culture-invariant whatever the current culture, and numbering that continues across
/// <c>Fit</c> calls.
/// </summary>
public sealed class CsvTrainingLogTests
{
    [Fact]
    public void Each_epoch_end_writes_a_row_under_a_header_written_once_and_batch_reports_are_ignored()
    {
        var output = new StringWriter();
        var log = new CsvTrainingLog(output);

        log.Report(new TrainingProgress(1, 2, 1, 2, false, 0.9, null, null, null, 10, TimeSpan.FromSeconds(0.25)));
        log.Report(new TrainingProgress(1, 2, 2, 2, true, 0.7, 0.5, 0.8, 0.25, 10, TimeSpan.FromSeconds(0.5)) { LearningRate = 0.01 });
        log.Report(new TrainingProgress(2, 2, 2, 2, true, 0.1 + 0.2, null, null, null, 10, TimeSpan.FromSeconds(1.25)));

        output.ToString().Should().Be(Lines(
            "epoch,loss,accuracy,validation_loss,validation_accuracy,learning_rate,seconds",
            "1,0.7,0.5,0.8,0.25,0.01,0.5",
            "2,0.30000000000000004,,,,,0.75"));
    }

    [Fact]
    public void Numbers_are_written_culture_invariantly()
    {
        // Given a current culture whose decimal separator is a comma
        var previous = CultureInfo.CurrentCulture;
        var commas = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commas.NumberFormat.NumberDecimalSeparator = ",";
        CultureInfo.CurrentCulture = commas;
        try
        {
            var output = new StringWriter(CultureInfo.InvariantCulture);

            new CsvTrainingLog(output, writeHeader: false).Report(new TrainingProgress(1, 1, 1, 1, true, 1.5, null, null, null, 1, TimeSpan.FromSeconds(2.5)));

            output.ToString().Should().Be(Lines("1,1.5,,,,,2.5"));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void A_second_fit_continues_the_epoch_numbering_and_times_its_first_epoch_from_its_own_start()
    {
        var output = new StringWriter();
        var log = new CsvTrainingLog(output, writeHeader: false);

        log.Report(new TrainingProgress(1, 2, 1, 1, true, 0.5, null, null, null, 1, TimeSpan.FromSeconds(1)));
        log.Report(new TrainingProgress(2, 2, 1, 1, true, 0.4, null, null, null, 1, TimeSpan.FromSeconds(3)));
        log.Report(new TrainingProgress(1, 1, 1, 1, true, 0.3, null, null, null, 1, TimeSpan.FromSeconds(0.5)));

        output.ToString().Should().Be(Lines("1,0.5,,,,,1", "2,0.4,,,,,2", "3,0.3,,,,,0.5"));
    }

    [Fact]
    public void A_real_fit_writes_one_row_per_epoch_with_its_learning_rate()
    {
        // Given SGD at 0.25 over 3 epochs with a fifth of the samples held out
        var network = TestData.RandomNetwork(new Random(5), "2-3-1", TestActivations.Named<double>("sigmoid"), hasBiases: true);
        var inputs = Matrix<double>.Build.Dense(2, 10, (i, j) => (i + j) % 3 * 0.5);
        var targets = Matrix<double>.Build.Dense(1, 10, (_, j) => j % 2);
        var output = new StringWriter();
        var trainer = new Trainer<double>(new SgdOptimizer<double>(0.25)) { MiniBatchSize = 4, Epochs = 3 };

        // When it trains with the log
        var history = trainer.Fit(network, inputs, targets, new FitOptions<double> { ValidationFraction = 0.2 }, new CsvTrainingLog(output));

        // Then a header and three rows whose losses are the history's, every field filled in (sigmoid output: accuracies)
        var rows = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        rows.Should().HaveCount(4);
        rows[0].Should().Be(CsvTrainingLog.Header);
        for (var e = 0; e < 3; e++)
        {
            var fields = rows[e + 1].Split(',');
            fields.Should().HaveCount(7).And.NotContain(string.Empty);
            fields[0].Should().Be((e + 1).ToString(CultureInfo.InvariantCulture));
            double.Parse(fields[1], CultureInfo.InvariantCulture).Should().Be(history.Epochs[e].Loss);
            double.Parse(fields[3], CultureInfo.InvariantCulture).Should().Be(history.Epochs[e].ValidationLoss);
            fields[5].Should().Be("0.25");
        }
    }

    [Fact]
    public void A_null_writer_is_refused()
        => FluentActions.Invoking(() => new CsvTrainingLog(null!)).Should().ThrowExactly<ArgumentNullException>().WithParameterName("writer");

    private static string Lines(params string[] lines) => string.Concat(lines.Select(line => line + Environment.NewLine));
}
