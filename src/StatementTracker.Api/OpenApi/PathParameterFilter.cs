using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace StatementTracker.Api.OpenApi;

/// <summary>
/// Says what each path parameter names, since the route alone ({slug}, {id}) does not tell a newcomer whose slug or
/// which id. A slug of the demo story is given as the example, which Swagger UI fills in for "Try it out", so a
/// first request answers; ids are random in every database, so they get no example that would only be a 404.
/// </summary>
public sealed class PathParameterFilter : IOperationFilter
{
    private const string Person = "donald-j-trump";
    private const string Topic = "us-russia-cyber-unit";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var route = (context.ApiDescription.RelativePath ?? "").Trim('/');
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Path) ?? [])
        {
            var (description, example) = (parameter.Name, route) switch
            {
                ("slug", _) when route.StartsWith("v1/people/", StringComparison.Ordinal) =>
                    ("The person's slug, their id in URLs: lower-case words joined by hyphens.", Person),
                ("slug", _) when route.StartsWith("v1/topics/", StringComparison.Ordinal) =>
                    ("The topic's slug, its id in URLs: lower-case words joined by hyphens.", Topic),
                ("topic", _) => ("The topic's slug.", Topic),
                ("id", _) => ("The statement's id, as its `id` gives it: st_ and 16 letters and digits.", null),
                ("importId", _) => ("The import job's id, as POST /v1/imports answers it: imp_ and 16 letters and digits.", null),
                ("reviewId", _) => ("The fact-check's id, as the statement's `reviews` give it: rv_ and 16 letters and digits.", null),
                ("linkId", _) => ("The link's id, as the statement's `links` give it: ln_ and 16 letters and digits.", (string?)null),
                _ => throw new InvalidOperationException($"The path parameter {parameter.Name} of {route} has no description: add one here."),
            };
            parameter.Description ??= description;
            if (example is not null) parameter.Example ??= JsonValue.Create(example);
        }
    }
}
