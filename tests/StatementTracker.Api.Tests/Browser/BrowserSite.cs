using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace StatementTracker.Api.Tests.Browser;

/// <summary>The browser tests share one service and one browser: starting Chromium is most of their cost.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserSite>
{
    public const string Name = "Browser";
}

/// <summary>
/// The service on a real loopback port (Kestrel, not the in-memory TestServer, since a browser needs a socket), built
/// by the same <see cref="StatementTrackerApplication"/> as every other test, on a database of its own with the demo
/// story and the records the pages must also show; and one headless Debian chromium driven by Playwright.
/// Every browser test starts with <see cref="Require"/>: where chromium or axe-core is missing it skips, saying
/// what to install, or fails where the browser tests are required (CI).
/// </summary>
public sealed class BrowserSite : IAsyncLifetime
{
    private StatementTrackerApplication? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Why the browser tests cannot run on this machine; null when they can.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>http://127.0.0.1:port, where the service listens.</summary>
    public string BaseUrl { get; private set; } = "";

    public PageStory Story { get; private set; } = default!;

    public string Url(string path) => BaseUrl + path;

    public async Task InitializeAsync()
    {
        var chromium = BrowserTools.FindChromium();
        Unavailable = BrowserTools.Missing(chromium);
        if (Unavailable is not null) return;

        _app = new StatementTrackerApplication(seedDemoData: true);
        _app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app.StartServer();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');

        using var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _app.AdminKey);
        Story = await PageStory.RecordAsync(client);

        _playwright = await Playwright.CreateAsync();
        Assertions.SetDefaultExpectTimeout(60_000);
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            // /dev/shm is small in many containers; Chromium then crashes tabs instead of saying so.
            Args = BrowserTools.RunningAsRoot ? ["--no-sandbox", "--disable-dev-shm-usage"] : ["--disable-dev-shm-usage"],
        });
    }

    /// <summary>Skips the test when this machine lacks the browser or axe-core, or fails it where they are required.</summary>
    public void Require()
    {
        if (Unavailable is null) return;
        if (BrowserTools.RequiredBecause() is { } why) Assert.Fail($"{Unavailable} The browser tests are required here ({why}): they may not skip.");
        Skip.If(true, Unavailable);
    }

    /// <summary>
    /// Opens <paramref name="path"/> in a new browser context of its own (cookies, permissions and the JavaScript
    /// switch are per context), listening for console errors and uncaught exceptions from the first byte.
    /// </summary>
    public async Task<OpenedPage> OpenAsync(string path, bool javaScript, int width = 1280, int height = 900, IEnumerable<string>? permissions = null)
    {
        var context = await _browser!.NewContextAsync(new()
        {
            BaseURL = BaseUrl,
            JavaScriptEnabled = javaScript,
            ViewportSize = new() { Width = width, Height = height },
            Locale = "en-GB",
            Permissions = permissions,
        });
        // Generous, since the browser shares two cores with the rest of the suite running in parallel: a slow answer
        // is not what these tests are about, and a wrong one still fails at once.
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        var opened = new OpenedPage(context, page, javaScript);
        var response = await page.GotoAsync(path);
        opened.Status = response?.Status ?? 0;
        return opened;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }
}
