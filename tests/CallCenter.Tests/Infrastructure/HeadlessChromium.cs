using Microsoft.Playwright;

namespace CallCenter.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium (/usr/bin/chromium), headless, driven by Playwright: the browser tests' one way to start a browser.
/// Playwright never downloads one. Dispose to close the browser and its driver.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] CommonArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

    private readonly IPlaywright _playwright;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <param name="extraArgs">Chromium switches beyond the common ones (a fake microphone, autoplay).</param>
    public static async Task<HeadlessChromium> LaunchAsync(params string[] extraArgs)
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = [.. CommonArgs, .. extraArgs],
            });
            return new HeadlessChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A page of its own (a fresh context: no storage shared with other pages).</summary>
    public Task<IPage> NewPageAsync() => Browser.NewPageAsync();

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
