using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using StatementTracker.Api.Auth;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace StatementTracker.Api.OpenApi;

/// <summary>
/// Tells each operation's readers (and Swagger UI's Authorize button) which key it needs, from the same rule the
/// middleware enforces: a required scope lists the two ways to send a key; an anonymous read lists them beside an
/// empty requirement, which OpenAPI reads as "or none".
/// </summary>
public sealed class SecurityRequirementsFilter(IOptions<AuthOptions> options) : IOperationFilter
{
    public const string Bearer = "bearer";
    public const string ApiKey = "apiKey";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var api = context.ApiDescription;
        var path = new PathString("/" + (api.RelativePath ?? "").Trim('/'));
        if (!ScopeRules.IsApi(path) && !api.ActionDescriptor.EndpointMetadata.OfType<RequiresScope>().Any()) return;

        var needed = ScopeRules.Required(api.HttpMethod ?? "GET", path, api.ActionDescriptor.EndpointMetadata, options.Value.AnonymousRead);
        operation.Security =
        [
            .. needed is null ? [new OpenApiSecurityRequirement()] : Array.Empty<OpenApiSecurityRequirement>(),
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKey, context.Document)] = [] },
        ];
        if (needed is null) return;

        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions["x-required-scope"] = new JsonNodeExtension(JsonValue.Create(needed));
        var requirement = $"Needs an API key with scope `{needed}`{KeyMessages.OrHigher(needed)}.";
        operation.Description = string.IsNullOrEmpty(operation.Description) ? requirement : $"{operation.Description}\n\n{requirement}";
    }
}

public static class SecuritySchemes
{
    /// <summary>The two ways to send a key, as the document's security schemes, and the filter that says which operation needs one.</summary>
    public static void AddApiKeySecurity(this SwaggerGenOptions swagger)
    {
        swagger.AddSecurityDefinition(SecurityRequirementsFilter.Bearer, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key as a bearer token: `Authorization: Bearer stk_…`. Keys are made with `keys create --name NAME --scope read|write|admin`; scopes are ordered read < write < admin.",
        });
        swagger.AddSecurityDefinition(SecurityRequirementsFilter.ApiKey, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationMiddleware.HeaderName,
            Description = "The same API key in a header of its own: `X-Api-Key: stk_…`.",
        });
        swagger.OperationFilter<SecurityRequirementsFilter>();
    }
}
