using Microsoft.Playwright;

namespace Backprop.Browser.Tests;

/// <summary>
/// One headless Chromium for all the tests: Debian's <c>/usr/bin/chromium</c> (or <c>BACKPROP_CHROMIUM</c>), driven by
/// Playwright without its own browser download.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    /// <summary>The browser, launched once.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The folder the screenshots go to: <c>BACKPROP_SCREENSHOTS</c>, or <c>screenshots</c> beside the test assembly.</summary>
    public static string ScreenshotFolder { get; } =
        Environment.GetEnvironmentVariable("BACKPROP_SCREENSHOTS") is { Length: > 0 } folder ? Path.GetFullPath(folder) : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("BACKPROP_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Chromium is not at {executable}: install it with 'apt-get install -y chromium' (or set BACKPROP_CHROMIUM).");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu"],
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>The tests that share the browser.</summary>
[CollectionDefinition(Name)]
public sealed class SharedBrowser : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
