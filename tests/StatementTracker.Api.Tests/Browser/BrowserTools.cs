namespace StatementTracker.Api.Tests.Browser;

/// <summary>
/// Where the browser tests find Debian's chromium and the pinned axe-core, and whether this machine must have them.
/// tools/browser/install.sh installs both; the tests never download a browser.
/// </summary>
public static class BrowserTools
{
    /// <summary>A Chromium executable to use instead of the one on PATH.</summary>
    public const string ChromiumVariable = "STATEMENTTRACKER_CHROMIUM";

    /// <summary>"required": a missing browser or axe-core fails the browser tests instead of skipping them (CI sets it).</summary>
    public const string ModeVariable = "STATEMENTTRACKER_BROWSER_TESTS";

    /// <summary>Where tools/browser/install.sh puts the pinned axe-core.</summary>
    public static string AxeScriptPath { get; } = RepositoryFiles.PathOf(".tools/browser/node_modules/axe-core/axe.min.js");

    /// <summary>Why these tests must run here, or null when a missing browser may skip them.</summary>
    public static string? RequiredBecause() =>
        Environment.GetEnvironmentVariable(ModeVariable) is "required" ? $"{ModeVariable}=required"
        : !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")) ? "CI is set"
        : null;

    /// <summary>The chromium to drive: the variable's, else the first on PATH; null when there is none.</summary>
    public static string? FindChromium()
    {
        if (Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } given) return File.Exists(given) ? given : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(directory => new[] { "chromium", "chromium-browser" }.Select(name => Path.Combine(directory, name)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>What is missing for the browser tests, as a sentence that says how to get it; null when nothing is.</summary>
    public static string? Missing(string? chromium)
    {
        var missing = new List<string>();
        if (chromium is null)
        {
            missing.Add(Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } given
                ? $"{ChromiumVariable} names {given}, which does not exist"
                : "no chromium is on PATH");
        }
        if (!File.Exists(AxeScriptPath)) missing.Add($"axe-core is not at {AxeScriptPath}");
        return missing.Count == 0 ? null : $"Browser tests need Debian's chromium and the pinned axe-core: {string.Join("; ", missing)}. Run tools/browser/install.sh.";
    }

    /// <summary>
    /// Chromium's sandbox needs user namespaces that root in a container seldom has; as root (CI, these machines) it
    /// runs without, which is safe for pages this test serves itself on loopback.
    /// </summary>
    public static bool RunningAsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";
}
