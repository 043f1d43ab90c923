namespace StatementTracker.Api.Auth;

/// <summary>What a key may do, in order: each scope allows everything the ones before it allow.</summary>
public static class Scopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";

    /// <summary>Lowest first; a scope's rank is its index.</summary>
    public static readonly string[] All = [Read, Write, Admin];

    public static bool IsKnown(string? scope) => scope is not null && All.Contains(scope);

    public static int Rank(string scope) =>
        Array.IndexOf(All, scope) is var rank and >= 0 ? rank : throw new ArgumentOutOfRangeException(nameof(scope), scope, $"A scope is one of: {string.Join(", ", All)}.");

    /// <summary>Whether a key of scope <paramref name="held"/> may make a request that needs <paramref name="needed"/>.</summary>
    public static bool Allows(string held, string needed) => Rank(held) >= Rank(needed);

    /// <summary>The stricter of two requirements; null is "anonymous", below every scope.</summary>
    public static string? Stricter(string? a, string? b) => a is null ? b : b is null ? a : Rank(a) >= Rank(b) ? a : b;
}

/// <summary>Endpoint metadata: this endpoint needs a key of at least this scope, above the default rule.</summary>
public sealed record RequiresScope(string Scope);

public static class RequiresScopeExtensions
{
    /// <summary>
    /// Asks for more than the default rule (reads anonymous, writes <c>write</c>), e.g. <c>.RequireScope("admin")</c>
    /// on an endpoint or a route group. It can only raise the requirement: a write never needs less than <c>write</c>.
    /// </summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder
    {
        if (!Scopes.IsKnown(scope)) throw new ArgumentOutOfRangeException(nameof(scope), scope, $"A scope is one of: {string.Join(", ", Scopes.All)}.");
        return builder.WithMetadata(new RequiresScope(scope));
    }
}

/// <summary>
/// The one rule for which requests need a key, shared by the middleware that enforces it and the OpenAPI document
/// that describes it, so the two cannot disagree.
/// </summary>
public static class ScopeRules
{
    /// <summary>The API's own paths: the default rule covers these; /health and /swagger stay open to probes and readers.</summary>
    public static bool IsApi(PathString path) => path.StartsWithSegments("/v1");

    /// <summary>
    /// GET and HEAD read. OPTIONS counts as one too: it is a CORS preflight, which browsers send without credentials,
    /// and the CORS middleware answers it before anything else would look at a key.
    /// </summary>
    public static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    /// <summary>
    /// The least scope a request needs, or null when anyone may make it. A page (<see cref="Infrastructure.HtmlPage"/>)
    /// shows what the API's reads answer, so it follows the same rule: open while anonymous reads are.
    /// </summary>
    public static string? Required(string method, PathString path, IEnumerable<object> metadata, bool anonymousRead)
    {
        var list = metadata as IReadOnlyCollection<object> ?? metadata.ToList();
        var demanded = list.OfType<RequiresScope>().Select(r => r.Scope).Aggregate((string?)null, Scopes.Stricter);
        if (!IsApi(path) && !list.OfType<Infrastructure.HtmlPage>().Any()) return demanded;
        var floor = IsRead(method) ? (anonymousRead ? null : Scopes.Read) : Scopes.Write;
        return Scopes.Stricter(floor, demanded);
    }
}
