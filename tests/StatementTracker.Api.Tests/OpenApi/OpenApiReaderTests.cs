using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace StatementTracker.Api.Tests.OpenApi;

/// <summary>
/// The document as a generated client reads it. CI lints openapi.yaml with Spectral, which needs npm; this check needs
/// only the .NET SDK, so a developer without npm still learns that the document stopped being valid OpenAPI.
/// </summary>
public class OpenApiReaderTests
{
    [Fact]
    public async Task MicrosoftsOpenApiReaderReadsTheServedDocumentWithoutAnErrorOrAWarning()
    {
        await using var app = new StatementTrackerApplication();
        await using var json = await app.CreateClient().GetStreamAsync("/swagger/v1/swagger.json");
        using var buffer = new MemoryStream();
        await json.CopyToAsync(buffer);
        buffer.Position = 0;

        // The reader validates what it read against the default rule set and reports both in the diagnostic.
        var settings = new OpenApiReaderSettings { RuleSet = ValidationRuleSet.GetDefaultRuleSet() };
        var (document, diagnostic) = await OpenApiDocument.LoadAsync(buffer, OpenApiConstants.Json, settings);

        Assert.NotNull(document);
        Assert.NotNull(diagnostic);
        Assert.True(diagnostic.Errors.Count == 0, "Errors:\n" + string.Join("\n", diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        Assert.True(diagnostic.Warnings.Count == 0, "Warnings:\n" + string.Join("\n", diagnostic.Warnings.Select(w => $"{w.Pointer}: {w.Message}")));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_0, diagnostic.SpecificationVersion);
        Assert.NotEmpty(document.Paths);
    }
}
