using Microsoft.Playwright;

namespace CallCenter.Tests.Infrastructure;

/// <summary>
/// How long the browser tests wait for a live page to show something. Events reach the pages in well under a second;
/// the margin is for a loaded machine (two cores shared by the host, Chromium and other test collections).
/// </summary>
public static class PageWaits
{
    public static readonly LocatorAssertionsToHaveTextOptions Text = new() { Timeout = 10_000 };

    public static readonly LocatorAssertionsToContainTextOptions Contains = new() { Timeout = 10_000 };
}
