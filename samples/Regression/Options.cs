using System.Globalization;

namespace Regression;

/// <summary>The command line: <c>[--hidden N] [--iterations N] [--out DIR]</c>.</summary>
internal sealed record Options(int Hidden, int Iterations, string OutputFolder)
{
    public const string Usage = """
        Usage: dotnet run -c Release --project samples/Regression [-- options]

          --hidden N      sigmoid units in the hidden layer (default 20)
          --iterations N  L-BFGS iterations (default 2000)
          --out DIR       folder for regression.png (default: the current folder)
        """;

    /// <summary>Parses the arguments; false on anything unknown or malformed.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out Options options)
    {
        options = new Options(Hidden: 20, Iterations: 2000, OutputFolder: ".");
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            var value = args[i + 1];
            var number = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n : 0;
            Options? next = args[i] switch
            {
                "--hidden" when number > 0 => options with { Hidden = number },
                "--iterations" when number > 0 => options with { Iterations = number },
                "--out" => options with { OutputFolder = value },
                _ => null,
            };
            if (next is null)
            {
                return false;
            }

            options = next;
        }

        return args.Count % 2 == 0;
    }
}
