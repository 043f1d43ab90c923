using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace StatementTracker.Api.Tests.Browser;

/// <summary>
/// A page open in a browser context of its own, with every console error and uncaught exception it produced: a
/// Content-Security-Policy violation (an inline script or style, a resource from elsewhere) is a console error too.
/// </summary>
public sealed class OpenedPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _problems = new();

    public OpenedPage(IBrowserContext context, IPage page, bool javaScript)
    {
        _context = context;
        Page = page;
        JavaScript = javaScript;
        page.Console += (_, message) =>
        {
            if (message.Type != "error") return;
            var kind = message.Text.Contains("Content Security Policy", StringComparison.Ordinal) ? "CSP violation" : "console error";
            _problems.Enqueue($"{kind} at {message.Location}: {message.Text}");
        };
        page.PageError += (_, error) => _problems.Enqueue($"uncaught exception: {error}");
    }

    public IPage Page { get; }

    public bool JavaScript { get; }

    /// <summary>The HTTP status the page was served with.</summary>
    public int Status { get; internal set; }

    /// <summary>
    /// Console errors and uncaught exceptions so far. On a page served as an error (a 404 page) Chromium reports the
    /// status of the document itself as a console error; that one is the page doing its job, not a problem.
    /// </summary>
    public IReadOnlyList<string> Problems => _problems
        .Where(p => !(Status >= 400 && p.Contains($"the server responded with a status of {Status}", StringComparison.Ordinal)
                      && p.Contains(Page.Url, StringComparison.Ordinal)))
        .ToList();

    /// <summary>A full-page PNG under the test output folder (TestResults/screenshots/NAME.png); returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots", $"{name}.png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    /// <summary>What has keyboard focus, through Playwright's own script world, so it answers with JavaScript off too.</summary>
    public ILocator Focused => Page.Locator(":focus");

    /// <summary>
    /// Presses <paramref name="key"/> (Tab, or Shift+Tab to go back) until the focused element satisfies
    /// <paramref name="wanted"/>, as a keyboard user moves through a page; fails after <paramref name="limit"/> presses.
    /// </summary>
    public async Task<ILocator> TabToAsync(string what, Func<ILocator, Task<bool>> wanted, string key = "Tab", int limit = 200)
    {
        for (var presses = 1; presses <= limit; presses++)
        {
            await Page.Keyboard.PressAsync(key);
            if (await Focused.CountAsync() == 1 && await wanted(Focused)) return Focused;
        }
        throw new Xunit.Sdk.XunitException($"{limit} presses of {key} on {Page.Url} never reached {what}.");
    }

    /// <summary>Tabs to the link whose href is <paramref name="href"/> (or starts with it, when <paramref name="prefix"/>).</summary>
    public Task<ILocator> TabToLinkAsync(string href, bool prefix = false, string key = "Tab") =>
        TabToAsync($"a link to {href}", async focused => await focused.GetAttributeAsync("href") is { } at
            && (prefix ? at.StartsWith(href, StringComparison.Ordinal) : at == href), key);

    /// <summary>
    /// Waits until the page that a key press set off is at <paramref name="url"/> and loaded. It watches the URL rather
    /// than waiting for a navigation event, which may have come and gone before the wait began.
    /// </summary>
    public async Task ArriveAtAsync(string url)
    {
        await Assertions.Expect(Page).ToHaveURLAsync(url);
        await Page.WaitForLoadStateAsync(LoadState.Load);
    }

    public async Task ArriveAtAsync(System.Text.RegularExpressions.Regex url)
    {
        await Assertions.Expect(Page).ToHaveURLAsync(url);
        await Page.WaitForLoadStateAsync(LoadState.Load);
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
