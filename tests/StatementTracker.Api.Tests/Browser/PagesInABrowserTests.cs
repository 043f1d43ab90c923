using System.Text.Json;
using Xunit.Abstractions;

namespace StatementTracker.Api.Tests.Browser;

/// <summary>
/// Every page in a real browser, with JavaScript on and off: served as it should be, no console error (a CSP
/// violation is one), no uncaught exception, and no serious or critical WCAG 2.x A/AA violation axe-core can find.
/// Each run keeps a full-page screenshot and axe's report under the test output folder's TestResults/.
/// </summary>
[Collection(BrowserCollection.Name)]
public class PagesInABrowserTests(BrowserSite site, ITestOutputHelper output)
{
    public static TheoryData<string, bool> EveryPageWithAndWithoutJavaScript()
    {
        var data = new TheoryData<string, bool>();
        foreach (var page in PageStory.PageNames)
        {
            data.Add(page, true);
            data.Add(page, false);
        }
        return data;
    }

    public static TheoryData<string> EveryPage() => new(PageStory.PageNames);

    [SkippableTheory]
    [MemberData(nameof(EveryPageWithAndWithoutJavaScript))]
    public async Task APageOpensWithoutConsoleErrorsAndAxeFindsNothingSeriousOnIt(string name, bool javaScript)
    {
        site.Require();
        var (path, status) = site.Story.Pages[name];
        var run = $"{name}-{(javaScript ? "js" : "nojs")}";

        await using var page = await site.OpenAsync(path, javaScript);
        var axe = await Axe.RunAsync(page.Page, javaScript);
        var screenshot = await page.ScreenshotAsync(run);
        var report = SaveReport(run, axe);

        output.WriteLine($"{run}: {path} answered {page.Status}");
        output.WriteLine($"axe-core, WCAG 2.x A/AA: {axe.Summary()}");
        if (axe.Violations.Count > 0) output.WriteLine(AxeReport.Describe(axe.Violations));
        output.WriteLine($"screenshot: {screenshot}");
        output.WriteLine($"axe report: {report}");

        Assert.Equal((int)status, page.Status);
        Assert.True(page.Problems.Count == 0, $"{path} with JavaScript {(javaScript ? "on" : "off")}:{Environment.NewLine}{string.Join(Environment.NewLine, page.Problems)}");
        Assert.True(axe.SeriousOrCritical.Count == 0,
            $"axe-core finds serious or critical violations on {path} with JavaScript {(javaScript ? "on" : "off")}:{Environment.NewLine}{AxeReport.Describe(axe.SeriousOrCritical)}");
    }

    [SkippableTheory]
    [MemberData(nameof(EveryPage))]
    public async Task APageFitsAPhoneWithoutScrollingSideways(string name)
    {
        site.Require();
        var (path, _) = site.Story.Pages[name];

        await using var page = await site.OpenAsync(path, javaScript: true, width: 360, height: 740);
        var width = await page.Page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        var screenshot = await page.ScreenshotAsync($"{name}-phone");
        output.WriteLine($"{path} at 360 px: {width} px wide; screenshot: {screenshot}");

        Assert.True(width <= 360, $"{path} is {width} px wide on a 360 px phone: it scrolls sideways.");
        Assert.Empty(page.Problems);
    }

    [SkippableTheory]
    [InlineData("home")]
    [InlineData("person")]
    [InlineData("statement")]
    [InlineData("search")]
    public async Task EverythingTheKeyboardReachesShowsAVisibleFocusIndicator(string name)
    {
        site.Require();
        var (path, _) = site.Story.Pages[name];
        await using var page = await site.OpenAsync(path, javaScript: true);

        var unmarked = new List<string>();
        var stops = 0;
        for (; stops < 300; stops++)
        {
            await page.Page.Keyboard.PressAsync("Tab");
            var focus = await page.Page.EvaluateAsync<JsonElement>("""
                () => {
                  const e = document.activeElement;
                  if (!e || e === document.body) return null;
                  // Past the last stop focus may leave the document or wrap to the first: either way, done.
                  const seen = (globalThis.focusStops ??= new WeakSet());
                  if (seen.has(e)) return null;
                  seen.add(e);
                  const s = getComputedStyle(e);
                  return {
                    what: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.getAttribute('href') ? `[href="${e.getAttribute('href')}"]` : ''),
                    marked: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none',
                  };
                }
                """);
            if (focus.ValueKind == JsonValueKind.Null) break;
            if (!focus.GetProperty("marked").GetBoolean()) unmarked.Add(focus.GetProperty("what").GetString()!);
        }
        output.WriteLine($"{path}: {stops} keyboard stops, {unmarked.Count} without an outline or shadow");

        Assert.True(stops > 3, $"Tab reached only {stops} elements on {path}");
        Assert.True(unmarked.Count == 0, $"Focused without a visible indicator on {path}: {string.Join(", ", unmarked)}");
    }

    /// <summary>axe-core's whole account of a run, beside the screenshots, for whoever reads the CI artefacts.</summary>
    private static string SaveReport(string run, AxeReport axe)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestResults", "axe", $"{run}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(axe, new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
