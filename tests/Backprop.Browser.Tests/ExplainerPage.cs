using System.Globalization;
using Backprop.Diagnostics;
using Microsoft.Playwright;

namespace Backprop.Browser.Tests;

/// <summary>
/// An explainer page opened from disk in the browser, with what a reader sees: every number element (its key, the
/// full value it carries and the short text it shows), the current stage, and the console's errors.
/// </summary>
internal sealed class ExplainerPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly string _folder;

    private ExplainerPage(IBrowserContext context, IPage page, string folder, List<string> errors)
    {
        _context = context;
        Page = page;
        _folder = folder;
        Errors = errors;
    }

    public IPage Page { get; }

    /// <summary>Console errors and uncaught exceptions since the page opened.</summary>
    public List<string> Errors { get; }

    public static async Task<ExplainerPage> OpenAsync(IBrowser browser, Explainer explainer, int width = 1280, int height = 800)
    {
        var folder = Directory.CreateTempSubdirectory("explainer-page-").FullName;
        var file = Path.Combine(folder, "page.html");
        explainer.SaveHtml(file);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(new Uri(file).AbsoluteUri);
        return new ExplainerPage(context, page, folder, errors);
    }

    /// <summary>The id of the stage shown (for example <c>forward-1-2</c>).</summary>
    public async Task<string> StageAsync() => await Page.GetAttributeAsync("#explain", "data-stage") ?? string.Empty;

    /// <summary>Every number element of the page (HTML and SVG): key, full value, shown text.</summary>
    public async Task<IReadOnlyList<ShownNumber>> NumbersAsync()
    {
        var rows = await Page.EvaluateAsync<string[][]>(
            "() => Array.from(document.querySelectorAll('.num')).map(e => [e.getAttribute('data-key'), e.getAttribute('data-value'), " +
            "Array.from(e.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent).join('')])");
        return rows.Select(row => new ShownNumber(row[0], double.Parse(row[1], CultureInfo.InvariantCulture), row[2])).ToArray();
    }

    public async Task ScreenshotAsync(string group, int index, string stage)
    {
        var folder = Path.Combine(BrowserFixture.ScreenshotFolder, group);
        Directory.CreateDirectory(folder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{index:00}-{stage}.png") });
    }

    /// <summary>The controls, the drawing and the stage's explanation only: the README's picture (docs/explainer.png).</summary>
    public async Task ReadmeScreenshotAsync(string name)
        => await Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(BrowserFixture.ScreenshotFolder, name),
            Clip = new Clip { X = 0, Y = 0, Width = 1280, Height = 550 },
        });

    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>One number as the page shows it.</summary>
/// <param name="Key">"step|quantity|layer|row|column".</param>
/// <param name="Value">The full value it carries (shown on hover and focus).</param>
/// <param name="Text">The short text it shows.</param>
internal sealed record ShownNumber(string Key, double Value, string Text);
