using Microsoft.OpenApi;

namespace StatementTracker.Api.OpenApi;

/// <summary>The top of the document: what the service is, whom to ask, and where it answers.</summary>
public static class ApiInfo
{
    public const string Title = "StatementTracker API";
    public const string Version = "v1";

    public static OpenApiInfo Create() => new()
    {
        Title = Title,
        Version = Version,
        Description = "What public figures said, when, where and with which sources; how their statements link to each other; what they stood for on any date.",
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
}
