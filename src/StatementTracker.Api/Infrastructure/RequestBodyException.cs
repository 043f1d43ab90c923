namespace StatementTracker.Api.Infrastructure;

/// <summary>A request body the service cannot take, with the field (or "body") it is wrong in; answered as a 400.</summary>
public sealed class RequestBodyException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
