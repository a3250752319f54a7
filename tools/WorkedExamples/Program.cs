// Regenerates every number of docs/worked-examples.md from the two examples' parameters, with plain scalar
// float64 code written from the four equations (SigmoidNetwork.cs), and nothing from the Backprop library.
//
//   dotnet run --project tools/WorkedExamples                                  print every table as markdown
//   dotnet run --project tools/WorkedExamples -- --check docs/worked-examples.md   exit 1 if a table differs
//   dotnet run --project tools/WorkedExamples -- --update docs/worked-examples.md  rewrite the tables in place
//
// In the document each table sits between "<!-- generated table ID -->" and "<!-- end of generated table ID -->";
// --check compares them line by line with what this program computes and fails on any difference, on a table
// missing from the document and on a marker this program does not generate.
using System.Text;
using System.Text.RegularExpressions;
using WorkedExamples;

Console.OutputEncoding = Encoding.UTF8;
var tables = Tables.All();
switch (args)
{
    case []:
        foreach (var table in tables)
        {
            Console.Write($"### Table {table.Id}: {table.Title}\n\n{Block(table)}\n");
        }

        return 0;
    case ["--check", var path]:
        return Check(path);
    case ["--update", var path]:
        return Update(path);
    default:
        Console.Error.WriteLine("Usage: WorkedExamples [--check FILE | --update FILE]");
        return 2;
}

int Check(string path)
{
    var document = Read(path);
    var found = Blocks().Matches(document).ToDictionary(m => m.Groups["id"].Value, m => m.Groups["body"].Value);
    var problems = new List<string>();
    var numbers = 0;
    foreach (var table in tables)
    {
        numbers += CountNumbers(table.Markdown);
        if (!found.Remove(table.Id, out var body))
        {
            problems.Add($"table {table.Id} ({table.Title}) is missing: no \"<!-- generated table {table.Id} -->\" block");
            continue;
        }

        // The first three differing lines of the table, then how many more.
        var expected = table.Markdown.Split('\n');
        var actual = body.Split('\n');
        var differing = Enumerable.Range(0, Math.Max(expected.Length, actual.Length))
            .Select(i => (Line: i + 1, Want: i < expected.Length ? expected[i] : "(no line)", Have: i < actual.Length ? actual[i] : "(no line)"))
            .Where(line => line.Want != line.Have)
            .ToList();
        problems.AddRange(differing.Take(3).Select(d =>
            $"table {table.Id}, line {d.Line}:\n    the document has  {d.Have}\n    the generator has {d.Want}"));
        if (differing.Count > 3)
        {
            problems.Add($"table {table.Id}: {differing.Count - 3} more differing line(s)");
        }
    }

    problems.AddRange(found.Keys.Select(id => $"table {id}: the document has a generated block this program does not make"));
    var markers = Markers().Count(document);
    var blocks = Blocks().Count(document);
    if (markers != 2 * blocks)
    {
        problems.Add($"{markers} table markers but {blocks} complete blocks: a begin or end marker is missing or misspelt");
    }

    foreach (var problem in problems)
    {
        Console.Error.WriteLine($"{path}: {problem}");
    }

    Console.WriteLine(problems.Count == 0
        ? $"{path}: all {tables.Count} tables ({numbers} numbers) are as computed."
        : $"{path}: {problems.Count} difference(s); `dotnet run --project tools/WorkedExamples -- --update {path}` rewrites the tables.");
    return problems.Count == 0 ? 0 : 1;
}

int Update(string path)
{
    var document = Read(path);
    var byId = tables.ToDictionary(t => t.Id);
    var updated = Blocks().Replace(document, m => byId.TryGetValue(m.Groups["id"].Value, out var table) ? Block(table) : m.Value);
    File.WriteAllText(path, updated, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    Console.WriteLine($"{path}: tables rewritten; run --check to see that none is missing.");
    return 0;
}

// The numbers of a table's value cells: every cell after the first (the label) that is a comma-separated list of numbers.
static int CountNumbers(string markdown)
    => markdown.Split('\n').Skip(2)
        .SelectMany(line => line.Trim('|', ' ').Split(" | ").Skip(1))
        .Where(cell => Program.NumberList().IsMatch(cell))
        .Sum(cell => cell.Split(", ").Length);

static string Read(string path) => File.ReadAllText(path).ReplaceLineEndings("\n");

static string Block(Table table)
    => $"<!-- generated table {table.Id} -->\n{table.Markdown}<!-- end of generated table {table.Id} -->\n";

/// <summary>The generator's own code: the block regex and the number regex.</summary>
internal static partial class Program
{
    [GeneratedRegex(@"<!-- generated table (?<id>[0-9.]+) -->\n(?<body>.*?)<!-- end of generated table \k<id> -->\n", RegexOptions.Singleline)]
    private static partial Regex Blocks();

    [GeneratedRegex(@"<!-- (end of )?generated table [0-9][^ ]* -->")]
    private static partial Regex Markers();

    [GeneratedRegex(@"^-?\d+(\.\d+)?(e[-+]\d+)?(, -?\d+(\.\d+)?(e[-+]\d+)?)*$")]
    internal static partial Regex NumberList();
}
