using System.Reflection;

namespace StatementTracker.Api.Tests;

/// <summary>The README is what a new user trusts first: these fail when it drifts from the code (as Datasette's docs tests do).</summary>
public class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(RepositoryFiles.PathOf("README.md"));

    [Fact]
    public void EverySettingIsDocumentedWithItsEnvironmentVariable()
    {
        // A setting is what configuration can bind: a property with a public setter (Engine, read from Database, is not one).
        var settings = typeof(StatementTrackerOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name).ToList();
        Assert.NotEmpty(settings);
        foreach (var setting in settings)
        {
            Assert.Contains($"`{StatementTrackerOptions.Section}:{setting}`", Readme);
            Assert.Contains($"`{StatementTrackerOptions.Section}__{setting}`", Readme);
        }
        Assert.Contains($"`ConnectionStrings:{StatementTrackerOptions.ConnectionStringName}`", Readme);
    }

    [Theory]
    [InlineData(typeof(StatementTracker.Api.Auth.AuthOptions), StatementTracker.Api.Auth.AuthOptions.Section)]
    [InlineData(typeof(StatementTracker.Api.Infrastructure.RateLimitsOptions), StatementTracker.Api.Infrastructure.RateLimitsOptions.Section)]
    [InlineData(typeof(StatementTracker.Api.Infrastructure.CrossOriginOptions), StatementTracker.Api.Infrastructure.CrossOriginOptions.Section)]
    public void EveryProtectionSettingIsDocumentedWithItsEnvironmentVariable(Type options, string section)
    {
        foreach (var setting in options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name))
        {
            Assert.Contains($"`{section}:{setting}`", Readme);
            Assert.Contains($"`{section}__{setting}", Readme);
        }
    }

    [Fact]
    public void TheTwoCommandsANewUserNeedsAreThere()
    {
        Assert.Contains("dotnet run --project src/StatementTracker.Api", Readme);
        Assert.Contains("dotnet test", Readme);
        Assert.Contains("STATEMENTTRACKER_UPDATE_OPENAPI=1", Readme);
        Assert.Contains($"{Attacks.AttackScale.Variable}=10 dotnet test --filter Attacks", Readme);
    }

    [Fact]
    public void CiLintsTheContractWithTheSpectralCommandTheReadmeGives()
    {
        var ci = File.ReadAllText(RepositoryFiles.PathOf(".ci/run"));
        Assert.Contains("tools/spectral/lint.sh", Readme);
        Assert.Contains("bash tools/spectral/lint.sh", ci);
        Assert.True(File.Exists(RepositoryFiles.PathOf(".spectral.yaml")), ".spectral.yaml is at the repository root");
    }

    [Fact]
    public void CiInstallsWhatTheBrowserTestsNeedWithTheScriptTheReadmeGivesAndMayNotSkipThem()
    {
        var ci = File.ReadAllText(RepositoryFiles.PathOf(".ci/run"));
        Assert.Contains("tools/browser/install.sh", Readme);
        Assert.Contains("bash tools/browser/install.sh", ci);
        Assert.Contains($"export {Browser.BrowserTools.ModeVariable}=required", ci);
        Assert.Contains($"`{Browser.BrowserTools.ModeVariable}=required`", Readme);
        Assert.Contains($"`{Browser.BrowserTools.ChromiumVariable}`", Readme);
    }

    [Fact]
    public void EveryPathTheWalkThroughCallsExists()
    {
        var document = File.ReadAllText(RepositoryFiles.PathOf("openapi.yaml"));
        var calls = System.Text.RegularExpressions.Regex.Matches(Readme, @"\$BASE(?<path>/v1/[^?""\s]*)")
            .Select(m => m.Groups["path"].Value)
            .Select(path => System.Text.RegularExpressions.Regex.Replace(path, @"/(\$[A-Z]+|donald-j-trump|steven-mnuchin|us-russia-cyber-unit|foreign-policy)", "/{x}"))
            .Distinct()
            .ToList();
        Assert.NotEmpty(calls);
        var paths = System.Text.RegularExpressions.Regex.Matches(document, @"^  '?(?<path>/v1/[^':]*)'?:", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => System.Text.RegularExpressions.Regex.Replace(m.Groups["path"].Value, @"\{[^}]+\}", "{x}"))
            .ToHashSet();
        foreach (var call in calls) Assert.Contains(call, paths);
    }
}
