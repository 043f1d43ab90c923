namespace StatementTracker.Api.OpenApi;

/// <summary>An example request body for an operation's OpenAPI document.</summary>
/// <param name="MediaType">The one media type it is an example of; every media type the operation accepts when null.</param>
public sealed record RequestExample(object Value, string? MediaType = null);

/// <summary>An example response body for one status code.</summary>
public sealed record ResponseExample(int StatusCode, object Value);

public static class ExampleExtensions
{
    public static TBuilder WithRequestExample<TBuilder>(this TBuilder builder, object value, string? mediaType = null) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestExample(value, mediaType));

    public static TBuilder WithResponseExample<TBuilder>(this TBuilder builder, int statusCode, object value) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ResponseExample(statusCode, value));
}
