namespace StatementTracker.Api;

// Stand-ins until API keys land (the next commit): writes are still anonymous here, recorded as "anonymous".
public static class KeyNameShim
{
    public static string? KeyName(this HttpContext http) => null;
}

public static class RequireScopeShim
{
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder => builder;
}
