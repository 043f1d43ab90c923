using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace StatementTracker.Api.OpenApi;

/// <summary>
/// Puts each endpoint's examples into the document, serialised exactly as the API serialises them, and documents
/// the errors every operation can answer with: 400 for bad input, 413 and 415 for bodies, 500 for the unexpected.
/// </summary>
public sealed class ExamplesAndErrorsFilter(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IOperationFilter
{
    private const string ProblemJson = "application/problem+json";

    /// <summary>Operations whose 409 may say the statement is (or is not) retracted.</summary>
    private static readonly string[] StateConflicts = ["UpdateStatement", "RetractStatement", "RestoreStatement"];

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        operation.Responses ??= new OpenApiResponses();

        if (metadata.OfType<RequestExample>().FirstOrDefault() is { } request && operation.RequestBody?.Content is { } content)
        {
            foreach (var media in content.Values) media.Example = ToNode(request.Value);
        }
        foreach (var example in metadata.OfType<ResponseExample>())
        {
            if (operation.Responses.TryGetValue(example.StatusCode.ToString(), out var response) && response.Content is { } bodies)
            {
                foreach (var media in bodies.Values) media.Example = ToNode(example.Value);
            }
        }

        var hasBody = operation.RequestBody is not null;
        var hasInput = hasBody || operation.Parameters?.Any(p => p.In == ParameterLocation.Query) == true;
        if (hasInput) AddProblem(operation, context, 400, "The input is invalid; `errors` names each field and the rule it broke.");
        if (hasBody)
        {
            AddProblem(operation, context, 413, "The request body is larger than the service accepts.");
            AddProblem(operation, context, 415, "The request body is not JSON.");
        }
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
                media.Example = ToNode(ProblemExamples.For(int.Parse(status), operation.OperationId));
        }
    }

    private void AddProblem(OpenApiOperation operation, OperationFilterContext context, int status, string description)
    {
        var key = status.ToString();
        if (operation.Responses!.ContainsKey(key)) return;
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemJson] = new() { Schema = context.SchemaGenerator.GenerateSchema(status == 400 ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails), context.SchemaRepository) },
            },
        };
    }

    private System.Text.Json.Nodes.JsonNode? ToNode(object value) => JsonSerializer.SerializeToNode(value, value.GetType(), json.Value.SerializerOptions);
}
