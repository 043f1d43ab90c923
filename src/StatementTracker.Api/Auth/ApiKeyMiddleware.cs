using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace StatementTracker.Api.Auth;

/// <summary>
/// What the request's credentials came to, left in <see cref="HttpContext.Features"/> by
/// <see cref="ApiKeyAuthenticationMiddleware"/> for the rate limiter (which partitions by key) and for
/// <see cref="ScopeAuthorizationMiddleware"/> (which decides).
/// </summary>
/// <param name="Identity">The key's name and scope, when a valid key was sent.</param>
/// <param name="Failure">Why the credentials sent were refused, in words a client can act on; null when none were sent or they were good.</param>
public sealed record ApiKeyCheck(ApiKeyIdentity? Identity, string? Failure)
{
    public static readonly ApiKeyCheck None = new(null, null);
}

/// <summary>
/// Reads a key from <c>Authorization: Bearer &lt;key&gt;</c> or <c>X-Api-Key: &lt;key&gt;</c> and finds it. It refuses
/// nothing itself: the rate limiter runs next, so that it can count a key's requests under the key's name (and bad
/// keys under the caller's address) before <see cref="ScopeAuthorizationMiddleware"/> turns anyone away.
/// </summary>
public sealed class ApiKeyAuthenticationMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-Api-Key";

    public async Task InvokeAsync(HttpContext context, ApiKeyStore keys)
    {
        // Outside the API (health probes, Swagger UI) keys mean nothing unless an endpoint asks for one; not looking
        // them up there keeps /health's answer about the database, whatever headers a probe sends.
        // Pages are reads of the API's data: a key is looked up there too, for when anonymous reads are switched off.
        var checks = ScopeRules.IsApi(context.Request.Path) || context.GetEndpoint()?.Metadata.GetMetadata<RequiresScope>() is not null
            || Infrastructure.HtmlPage.Is(context);
        var check = checks ? await CheckAsync(context.Request.Headers, keys, context.RequestAborted) : ApiKeyCheck.None;
        context.Features.Set(check);
        if (check.Identity is not null) context.Features.Set(check.Identity);
        await next(context);
    }

    private static async Task<ApiKeyCheck> CheckAsync(IHeaderDictionary headers, ApiKeyStore keys, CancellationToken ct)
    {
        var (key, failure) = Read(headers.Authorization, headers[HeaderName]);
        if (failure is not null) return new ApiKeyCheck(null, failure);
        if (key is null) return ApiKeyCheck.None;
        if (!ApiKeys.IsWellFormed(key))
            return new ApiKeyCheck(null, KeyMessages.Malformed);

        var row = await keys.FindByHashAsync(ApiKeys.Hash(key), ct);
        if (row is null || !ApiKeys.Matches(row.KeyHash, key))
            return new ApiKeyCheck(null, KeyMessages.Unknown);
        if (row.IsRevoked)
            return new ApiKeyCheck(null, KeyMessages.Revoked(row.Name, row.RevokedAt!));

        await keys.TouchAsync(row, DateTime.UtcNow, ct);
        return new ApiKeyCheck(new ApiKeyIdentity(row.Name, row.Scope), null);
    }

    /// <summary>The key sent, from either header; a failure when the headers are there but do not carry one key.</summary>
    private static (string? Key, string? Failure) Read(StringValues authorization, StringValues apiKey)
    {
        if (authorization.Count > 1 || apiKey.Count > 1) return (null, "Send one API key, in one header.");
        string? bearer = null;
        if (authorization.Count == 1)
        {
            var value = authorization[0]!.Trim();
            var space = value.IndexOf(' ');
            if (space < 0 || !value[..space].Equals("Bearer", StringComparison.OrdinalIgnoreCase))
                return (null, $"The Authorization header must be 'Bearer <key>'; it was '{Scheme(value)}…'. Or send the key as '{HeaderName}: <key>'.");
            bearer = value[(space + 1)..].Trim();
        }
        var header = apiKey.Count == 1 ? apiKey[0]!.Trim() : null;
        if (bearer is not null && header is not null && bearer != header)
            return (null, $"The Authorization and {HeaderName} headers carry different keys; send one.");
        return (bearer ?? header, null);
    }

    /// <summary>The scheme of an Authorization header, for the message; never the credentials after it.</summary>
    private static string Scheme(string value) => value.Split(' ', 2)[0] is { Length: <= 20 } scheme ? scheme : "";
}

/// <summary>
/// Turns away a request whose key does not allow it (<see cref="ScopeRules.Required"/>): 401 when it needs a key and
/// came without a good one, or came with a bad one to the API; 403 when the key's scope is too low. Feature files
/// need nothing for the default rule, and ask for more with <c>.RequireScope("admin")</c>.
/// </summary>
public sealed class ScopeAuthorizationMiddleware(RequestDelegate next, IOptions<AuthOptions> options)
{
    public const string Realm = "StatementTracker";

    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        var request = context.Request;
        var check = context.Features.Get<ApiKeyCheck>() ?? ApiKeyCheck.None;
        var metadata = (IEnumerable<object>?)context.GetEndpoint()?.Metadata ?? [];
        var needed = ScopeRules.Required(request.Method, request.Path, metadata, options.Value.AnonymousRead);

        // A bad key is refused even where none is needed: a client with a broken key should learn it on its first read.
        if (check.Failure is not null && (needed is not null || ScopeRules.IsApi(request.Path)))
        {
            context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{Realm}\", error=\"invalid_token\"";
            await RefuseAsync(context, problems, StatusCodes.Status401Unauthorized, KeyMessages.InvalidTitle, check.Failure, needed);
            return;
        }
        if (needed is null)
        {
            await next(context);
            return;
        }
        if (check.Identity is not { } identity)
        {
            context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{Realm}\"";
            await RefuseAsync(context, problems, StatusCodes.Status401Unauthorized, KeyMessages.MissingTitle, KeyMessages.Missing(request.Method, request.Path, needed), needed);
            return;
        }
        if (!Scopes.Allows(identity.Scope, needed))
        {
            // RFC 6750 names the scope a client lacks in the challenge, as well as in the body.
            context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{Realm}\", error=\"insufficient_scope\", scope=\"{needed}\"";
            await RefuseAsync(context, problems, StatusCodes.Status403Forbidden, KeyMessages.TooLowTitle, KeyMessages.TooLow(identity, request.Method, request.Path, needed), needed);
            return;
        }
        await next(context);
    }

    private static async Task RefuseAsync(HttpContext context, IProblemDetailsService problems, int status, string title, string detail, string? needed)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetailsContext { HttpContext = context, ProblemDetails = { Status = status, Title = title, Detail = detail } };
        if (needed is not null) problem.ProblemDetails.Extensions["requiredScope"] = needed;
        // A client that accepts no JSON at all still learns why, in plain text.
        if (!await problems.TryWriteAsync(problem)) await context.Response.WriteAsync(detail);
    }
}

/// <summary>What a refused request is told, in one place: the middleware says it, the OpenAPI examples show it.</summary>
public static class KeyMessages
{
    public const string InvalidTitle = "The API key is not valid.";
    public const string MissingTitle = "An API key is required.";
    public const string TooLowTitle = "The API key's scope is too low.";

    public const string Malformed = "The API key is malformed. Send it exactly as it was shown when it was made: keys made by the service are \"stk_\" and 43 letters, digits, '-' or '_'.";

    public const string Unknown = "The API key is not known. Check that it was copied whole; if it was lost, ask an administrator for a new one.";

    public static string Revoked(string name, string revokedAt) => $"The API key '{name}' was revoked at {revokedAt}; ask an administrator for a new one.";

    public static string Missing(string method, string path, string needed) =>
        $"{method} {path} needs an API key with scope '{needed}'{OrHigher(needed)}. Send it as 'Authorization: Bearer <key>' or '{ApiKeyAuthenticationMiddleware.HeaderName}: <key>'; an administrator makes one with `keys create --name NAME --scope {needed}`.";

    public static string TooLow(ApiKeyIdentity key, string method, string path, string needed) =>
        $"The API key '{key.Name}' has scope '{key.Scope}'; {method} {path} needs '{needed}'{OrHigher(needed)}. Use a key with that scope, or ask an administrator for one.";

    public static string OrHigher(string scope) => scope == Scopes.All[^1] ? "" : " or higher";
}

public static class ApiKeyPipelineExtensions
{
    /// <summary>Finds the request's key, if it sent one; refuses nothing. Goes before the rate limiter, which counts per key.</summary>
    public static IApplicationBuilder UseApiKeyAuthentication(this IApplicationBuilder app) => app.UseMiddleware<ApiKeyAuthenticationMiddleware>();

    /// <summary>Refuses what the request's key does not allow: 401 or 403, as problem+json with a WWW-Authenticate challenge.</summary>
    public static IApplicationBuilder UseScopeAuthorization(this IApplicationBuilder app) => app.UseMiddleware<ScopeAuthorizationMiddleware>();
}
