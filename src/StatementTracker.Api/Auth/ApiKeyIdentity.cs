namespace StatementTracker.Api.Auth;

/// <summary>The key a request was made with: its name (who) and scope (what it may do). Anonymous requests have none.</summary>
public sealed record ApiKeyIdentity(string Name, string Scope);

public static class ApiKeyIdentityExtensions
{
    /// <summary>The key this request authenticated with, or null when it came without one.</summary>
    public static ApiKeyIdentity? ApiKey(this HttpContext context) => context.Features.Get<ApiKeyIdentity>();

    /// <summary>The name of the key this request authenticated with (what a write records as who made it); null when anonymous.</summary>
    public static string? KeyName(this HttpContext context) => context.ApiKey()?.Name;
}
