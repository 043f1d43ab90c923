using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using StatementTracker.Api.Auth;
using StatementTracker.Api.Infrastructure;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace StatementTracker.Api.OpenApi;

/// <summary>
/// Puts each endpoint's examples into the document, serialised exactly as the API serialises them, and documents
/// the errors every operation can answer with: 400 for bad input (under /v1, a query parameter the operation does
/// not take too), 401 and 403 for keys, 406 for an Accept it cannot answer, 413 and 415 for bodies, 429 for too many
/// requests, 500 for the unexpected.
/// </summary>
public sealed class ExamplesAndErrorsFilter(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IOptions<AuthOptions> auth) : IOperationFilter
{
    private const string ProblemJson = "application/problem+json";

    /// <summary>Operations whose 409 may say the statement is (or is not) retracted.</summary>
    private static readonly string[] StateConflicts = ["UpdateStatement", "RetractStatement", "RestoreStatement", "CreateReview", "UpdateReview", "RetractReview"];

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        operation.Responses ??= new OpenApiResponses();

        if (operation.RequestBody?.Content is { } content)
        {
            foreach (var request in metadata.OfType<RequestExample>())
            foreach (var (type, media) in content)
                if (request.MediaType is null || request.MediaType == type) media.Example = ToNode(request.Value);
        }
        foreach (var example in metadata.OfType<ResponseExample>())
        {
            if (operation.Responses.TryGetValue(example.StatusCode.ToString(), out var response) && response.Content is { } bodies)
            {
                foreach (var media in bodies.Values) media.Example = ToNode(example.Value);
            }
        }

        if (metadata.OfType<OffersExports>().Any() && operation.Responses.TryGetValue("200", out var ok) && ok is OpenApiResponse okResponse
            && ok.Content is { } okContent)
        {
            // The same 200 as a download: one header line and a row per item, or one JSON object per line.
            okContent[Exports.Csv] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String }, Example = "id,url,person,person_name,said_at,...\r\n" };
            okContent[Exports.Ndjson] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String }, Example = "{\"id\":\"st_9m2k4x7q1b3c5d6e\",...}\n" };
            okResponse.Headers ??= new Dictionary<string, IOpenApiHeader>();
            okResponse.Headers["Content-Disposition"] = new OpenApiHeader { Description = "For csv and ndjson: attachment, with a file name such as statements-2017-07-09.csv.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
        if (metadata.OfType<Download>().FirstOrDefault() is { } download && operation.Responses.TryGetValue("200", out var file) && file is OpenApiResponse fileResponse)
        {
            fileResponse.Headers ??= new Dictionary<string, IOpenApiHeader>();
            fileResponse.Headers["Content-Disposition"] = new OpenApiHeader { Description = $"attachment, with a file name such as {download.Example}.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
        if (operation.Responses.TryGetValue("200", out var feed) && feed.Content?.TryGetValue(Feeds.AtomFeed.ContentType, out var atom) == true)
            atom.Example = """
                <?xml version="1.0" encoding="utf-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom">
                  <id>urn:statementtracker:feed:people:donald-j-trump</id>
                  <title>Donald J. Trump: statements</title>
                  <updated>2017-07-10T01:02:03Z</updated>
                  <entry>
                    <id>urn:statementtracker:statement:st_4h6k8m0p2r4t6v8x</id>
                    <title>Donald J. Trump: The fact that President Putin and I discussed a Cyber Security unit doesn't mean I think it can happen.</title>
                    <updated>2017-07-10T01:02:03Z</updated>
                    <author><name>Donald J. Trump</name></author>
                    <content type="text">The fact that President Putin and I discussed a Cyber Security unit doesn't mean I think it can happen. It can't-but a ceasefire can,&amp; did!</content>
                  </entry>
                </feed>
                """;
        var hasBody = operation.RequestBody is not null;
        var takes = QueryNames(operation);
        var hasInput = hasBody || takes.Count > 0;
        // Under /v1 every operation refuses a query parameter it does not take, so even one without input can answer 400.
        if (hasInput) AddProblem(operation, context, 400, "The input is invalid; `errors` names each field and the rule it broke. A query parameter this operation does not take, one given twice that takes one value, or a value not written as documented (`true` or `false`; an integer in plain digits, like 50) is refused the same way.");
        else if (IsApi(context)) AddProblem(operation, context, 400, "The query string has a parameter this operation does not take (it takes none); `errors` names it.");
        // What the operation answers with comes from its metadata, as the middleware that answers 406 reads it.
        var produces = Negotiation.Produces(metadata);
        if (IsApi(context) && produces.Count > 0)
            AddProblem(operation, context, 406, $"`Accept` allows nothing this operation answers with ({string.Join(", ", produces)}); the problem lists those in `produces`. Problems themselves are `application/problem+json` whatever `Accept` says.",
                ProblemExamples.NotAcceptable(operation.OperationId, produces));
        AddKeyProblems(operation, context);
        if (hasBody)
        {
            AddProblem(operation, context, 413, "The request body is larger than the service accepts.");
            AddProblem(operation, context, 415, "The request body is not JSON.");
        }
        if (IsApi(context)) AddProblem(operation, context, 429, "Too many requests from this API key (or, without one, this address); `Retry-After` says how many seconds to wait.",
            ProblemExamples.TooManyRequests(Method(context)), ("Retry-After", "Seconds to wait before trying again."));
        if (IsApi(context) && !HttpMethods.IsGet(Method(context)))
            AddProblem(operation, context, 503, "Writes run one at a time and the queue of waiting writes is full; `Retry-After` says when to try again.",
                ProblemExamples.WriteQueueFull, ("Retry-After", "Seconds to wait before trying again."));
        AddProblem(operation, context, 500, "An unexpected error; the body says only that it happened.");

        // Our 409 and 422 problems name their fields in `errors`, like a 400's; but a statement's retraction is a
        // conflict with its state, not with a field, and that 409 has no errors to name.
        foreach (var status in new[] { "409", "422" })
        {
            if (status == "409" && StateConflicts.Contains(operation.OperationId)) continue;
            if (operation.Responses.TryGetValue(status, out var response) && response.Content?.TryGetValue(ProblemJson, out var problem) == true)
                problem.Schema = context.SchemaGenerator.GenerateSchema(typeof(HttpValidationProblemDetails), context.SchemaRepository);
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (response.Content?.TryGetValue(ProblemJson, out var media) == true && media.Example is null)
                media.Example = ToNode(ProblemExamples.For(int.Parse(status), operation.OperationId, takes));
        }
    }

    /// <summary>The query parameters the document gives the operation, by the names clients write.</summary>
    private static List<string> QueryNames(OpenApiOperation operation) =>
        operation.Parameters?.Where(p => p.In == ParameterLocation.Query && p.Name is not null).Select(p => p.Name!).ToList() ?? [];

    /// <summary>401 wherever a key is read (a bad one is refused even on an open read); 403 where a key's scope can fall short.</summary>
    private void AddKeyProblems(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (!IsApi(context) && !metadata.OfType<RequiresScope>().Any()) return;
        var (method, path) = (Method(context), Route(context));
        var needed = ScopeRules.Required(method, new PathString(path), metadata, auth.Value.AnonymousRead);
        const string challenge = "The `Bearer` challenge; with `error=\"invalid_token\"` when the key sent is not valid.";
        AddProblem(operation, context, 401, needed is null
                ? "The API key sent is not valid: malformed, unknown or revoked. Send none to read anonymously."
                : $"No valid API key was sent: none, or one that is malformed, unknown or revoked. This operation needs scope `{needed}`.",
            ProblemExamples.Unauthorized(method, path, needed), ("WWW-Authenticate", challenge));
        if (needed is not null && Scopes.Rank(needed) > 0)
            AddProblem(operation, context, 403, $"The API key's scope is too low: this operation needs `{needed}`{KeyMessages.OrHigher(needed)}.",
                ProblemExamples.Forbidden(method, path, needed), ("WWW-Authenticate", "The `Bearer` challenge with `error=\"insufficient_scope\"` and the scope needed."));
    }

    private static bool IsApi(OperationFilterContext context) => ScopeRules.IsApi(new PathString(Route(context)));

    /// <summary>The operation's path as the document writes it: /v1/statements/{id}/links.</summary>
    private static string Route(OperationFilterContext context) => "/" + (context.ApiDescription.RelativePath ?? "").Trim('/');

    private static string Method(OperationFilterContext context) => context.ApiDescription.HttpMethod ?? HttpMethods.Get;

    private void AddProblem(OpenApiOperation operation, OperationFilterContext context, int status, string description,
        object? example = null, params (string Name, string Description)[] headers)
    {
        var key = status.ToString();
        if (operation.Responses!.ContainsKey(key)) return;
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemJson] = new()
                {
                    Schema = context.SchemaGenerator.GenerateSchema(status == 400 ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails), context.SchemaRepository),
                    Example = example is null ? null : ToNode(example),
                },
            },
        };
        if (headers.Length > 0)
        {
            response.Headers = headers.ToDictionary(h => h.Name, h => (IOpenApiHeader)new OpenApiHeader
            {
                Description = h.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        operation.Responses[key] = response;
    }

    private System.Text.Json.Nodes.JsonNode? ToNode(object value) => JsonSerializer.SerializeToNode(value, value.GetType(), json.Value.SerializerOptions);
}
