using Microsoft.OpenApi;

namespace StatementTracker.Api.OpenApi;

/// <summary>
/// The top of the document, which Swagger UI shows first: what the service is and how to make a first request, whom
/// to ask, and where the service answers. The text is Markdown in GettingStarted.md beside this file, embedded in the assembly, so it reads and changes like
/// a document rather than a C# string.
/// </summary>
public static class ApiInfo
{
    public const string Title = "StatementTracker API";
    public const string Version = "v1";

    public static OpenApiInfo Create() => new()
    {
        Title = Title,
        Version = Version,
        Description = GettingStarted.Value,
        // Whom a reader of the contract turns to, which Spectral asks for. The project has no public address of its
        // own to give, so the contact names the maintainers.
        Contact = new OpenApiContact { Name = "StatementTracker maintainers" },
    };

    /// <summary>
    /// The server as a URL relative to where the document was read from ("/", or the path base behind a proxy that
    /// adds one): clients and Swagger UI call the service that served the document, and openapi.yaml names no host.
    /// </summary>
    public static OpenApiServer Server(HttpRequest request) => new()
    {
        Url = request.PathBase.HasValue ? request.PathBase.Value! : "/",
        Description = "This service, at the address this document was served from.",
    };

    private static readonly Lazy<string> GettingStarted = new(() =>
    {
        using var stream = typeof(ApiInfo).Assembly.GetManifestResourceStream("openapi/getting-started.md")
            ?? throw new InvalidOperationException("The getting-started text is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        // One line ending everywhere: the document served, and so openapi.yaml, must not depend on a checkout's settings.
        return reader.ReadToEnd().Replace("\r\n", "\n").Trim();
    });
}
