using System.Text.Json;
using Microsoft.Playwright;

namespace StatementTracker.Api.Tests.Browser;

/// <summary>One rule axe-core found broken, with the elements that break it.</summary>
public sealed record AxeViolation(string Id, string Impact, string Help, string HelpUrl, IReadOnlyList<AxeNode> Nodes);

/// <summary>An element a rule found: its CSS selector and axe's account of what to fix.</summary>
public sealed record AxeNode(IReadOnlyList<string> Target, string? FailureSummary);

/// <summary>A rule axe-core could not decide alone (say, contrast over a gradient): for a person to look at.</summary>
public sealed record AxeIncomplete(string Id, string? Impact, int Nodes);

/// <summary>What axe-core found on one page.</summary>
public sealed record AxeReport(IReadOnlyList<AxeViolation> Violations, IReadOnlyList<AxeIncomplete> Incomplete, int Passes)
{
    /// <summary>What the issue forbids on any page: a serious or critical violation.</summary>
    public IReadOnlyList<AxeViolation> SeriousOrCritical => Violations.Where(v => v.Impact is "serious" or "critical").ToList();

    /// <summary>"critical 0, serious 0, moderate 1, minor 0 (1 rule: region); 2 to review; 31 rules pass".</summary>
    public string Summary()
    {
        string Count(string impact) => $"{impact} {Violations.Where(v => v.Impact == impact).Sum(v => v.Nodes.Count)}";
        var rules = Violations.Count == 0 ? "" : $" ({Violations.Count} rule{(Violations.Count == 1 ? "" : "s")}: {string.Join(", ", Violations.Select(v => v.Id))})";
        return $"{Count("critical")}, {Count("serious")}, {Count("moderate")}, {Count("minor")}{rules}; " +
               $"{Incomplete.Count} to review{(Incomplete.Count == 0 ? "" : $" ({string.Join(", ", Incomplete.Select(i => i.Id))})")}; {Passes} rules pass";
    }

    /// <summary>Each violation with its rule, impact, help and the selectors of the elements at fault.</summary>
    public static string Describe(IEnumerable<AxeViolation> violations) => string.Join(Environment.NewLine, violations.Select(v =>
        $"- {v.Id} ({v.Impact}): {v.Help} [{v.HelpUrl}]" + string.Concat(v.Nodes.Select(n =>
            $"{Environment.NewLine}    at {string.Join(" ", n.Target)}: {n.FailureSummary?.ReplaceLineEndings(" ")}"))));
}

/// <summary>
/// Runs the pinned axe-core (tools/browser) on a page, with the WCAG 2.x A and AA rules, as the issue asks.
/// axe runs in an isolated world of the page, through the DevTools protocol, rather than as a script tag: the page's
/// Content-Security-Policy (script-src 'self', nothing inline) stays on, so a violation of it still shows in the
/// console, and axe runs with the page's JavaScript off too, where a script tag would never execute.
/// </summary>
public static class Axe
{
    public static readonly IReadOnlyList<string> Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    private static readonly Lazy<string> Source = new(() => File.ReadAllText(BrowserTools.AxeScriptPath));

    /// <summary>
    /// With the page's scripting off Chromium fires no timer, not even in an isolated world, and axe waits on
    /// setTimeout between its checks: the world's own setTimeout is rebuilt on animation frames, which still come.
    /// </summary>
    private const string TimersOnAnimationFrames = """
        (() => {
          let next = 0;
          const pending = new Set();
          globalThis.setTimeout = (callback, ms, ...args) => {
            const id = ++next, due = performance.now() + (ms || 0);
            pending.add(id);
            const tick = () => {
              if (!pending.has(id)) return;
              if (performance.now() < due) return requestAnimationFrame(tick);
              pending.delete(id);
              callback(...args);
            };
            requestAnimationFrame(tick);
            return id;
          };
          globalThis.clearTimeout = id => { pending.delete(id); };
        })();

        """;

    private static string Run() => $$"""

        ;axe.run(document, { runOnly: { type: 'tag', values: {{JsonSerializer.Serialize(Tags)}} }, resultTypes: ['violations'] })
          .then(r => JSON.stringify({
            violations: r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
              nodes: v.nodes.map(n => ({ target: n.target.map(String), failureSummary: n.failureSummary })) })),
            incomplete: r.incomplete.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })),
            passes: r.passes.length }))
        """;

    public static async Task<AxeReport> RunAsync(IPage page, bool javaScriptEnabled)
    {
        var devTools = await page.Context.NewCDPSessionAsync(page);
        try
        {
            var tree = await devTools.SendAsync("Page.getFrameTree");
            var frameId = tree!.Value.GetProperty("frameTree").GetProperty("frame").GetProperty("id").GetString();
            var world = await devTools.SendAsync("Page.createIsolatedWorld", new() { ["frameId"] = frameId!, ["worldName"] = "axe-core" });
            var contextId = world!.Value.GetProperty("executionContextId").GetInt32();
            var answer = (await devTools.SendAsync("Runtime.evaluate", new()
            {
                ["contextId"] = contextId,
                ["expression"] = (javaScriptEnabled ? "" : TimersOnAnimationFrames) + Source.Value + Run(),
                ["awaitPromise"] = true,
                ["returnByValue"] = true,
            }))!.Value;
            if (answer.TryGetProperty("exceptionDetails", out var failure))
                throw new InvalidOperationException($"axe-core failed on {page.Url}: {failure}");
            return Parse(answer.GetProperty("result").GetProperty("value").GetString()!);
        }
        finally
        {
            await devTools.DetachAsync();
        }
    }

    private static AxeReport Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var violations = root.GetProperty("violations").EnumerateArray().Select(v => new AxeViolation(
            v.GetProperty("id").GetString()!, v.GetProperty("impact").GetString() ?? "unknown", v.GetProperty("help").GetString()!,
            v.GetProperty("helpUrl").GetString()!,
            v.GetProperty("nodes").EnumerateArray().Select(n => new AxeNode(
                n.GetProperty("target").EnumerateArray().Select(t => t.GetString()!).ToList(),
                n.TryGetProperty("failureSummary", out var summary) ? summary.GetString() : null)).ToList())).ToList();
        var incomplete = root.GetProperty("incomplete").EnumerateArray().Select(i => new AxeIncomplete(
            i.GetProperty("id").GetString()!, i.GetProperty("impact").GetString(), i.GetProperty("nodes").GetInt32())).ToList();
        return new AxeReport(violations, incomplete, root.GetProperty("passes").GetInt32());
    }
}
