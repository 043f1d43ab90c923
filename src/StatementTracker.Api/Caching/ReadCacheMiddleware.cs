using Microsoft.Extensions.Options;
using StatementTracker.Api.Auth;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;

namespace StatementTracker.Api.Caching;

/// <summary>What the two cache steps of one request share: the key, and the version read before any handler ran.</summary>
internal sealed class ReadCacheRequest(ReadKey key)
{
    public ReadKey Key { get; } = key;
    public long? Version { get; set; }
    public bool VersionRead { get; set; }
    public bool Looked { get; set; }
}

/// <summary>
/// The cache's first step, early in the pipeline (after routing, CORS and the exception handler, so the answer's
/// headers are the same as ever): it answers a read the cache holds when nothing later could have answered that
/// request otherwise, that is when it carries no key (nothing to check or refuse), no body (nothing to limit) and
/// reads are not rate-limited; and only with an answer that needed no key. Any other read goes on to
/// <see cref="ReadCacheFillMiddleware"/>, after the key, rate-limit, scope and strict-request steps.
/// </summary>
public sealed class ReadCacheMiddleware(RequestDelegate next, ReadCache cache, IOptions<RateLimitsOptions> limits)
{
    private readonly bool _unlimited = limits.Value.ReadPerMinute <= 0;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!cache.Enabled || !ReadCache.Covers(context))
        {
            await next(context);
            return;
        }
        var state = new ReadCacheRequest(ReadKey.Of(context.Request));
        context.Features.Set(state);
        if (_unlimited && Anonymous(context.Request))
        {
            state.Version = await cache.Version.CurrentAsync(context.RequestAborted);
            state.VersionRead = true;
            state.Looked = true;
            var now = UtcText.NowToTheMillisecond();
            if (state.Version is { } version && cache.Find(state.Key, version, now) is { AnonymousAllowed: true } entry)
            {
                await cache.ServeAsync(context, entry, now);
                return;
            }
        }
        await next(context);
    }

    /// <summary>No key to look up (a bad one is refused even where none is needed) and no body to check.</summary>
    private static bool Anonymous(HttpRequest request) =>
        request.Headers.Authorization.Count == 0 && !request.Headers.ContainsKey(ApiKeyAuthenticationMiddleware.HeaderName)
        && request.ContentLength is null or 0 && !request.Headers.ContainsKey("Transfer-Encoding");
}

/// <summary>
/// The cache's second step, just before the conditional-GET step: the request has passed every check by now, so it
/// may have any answer the cache holds for it; otherwise the handler runs and what it answers is kept.
/// </summary>
public sealed class ReadCacheFillMiddleware(RequestDelegate next, ReadCache cache, IOptions<AuthOptions> auth)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<ReadCacheRequest>() is not { } state)
        {
            await next(context);
            return;
        }
        if (!state.VersionRead)
        {
            state.Version = await cache.Version.CurrentAsync(context.RequestAborted);
            state.VersionRead = true;
        }
        if (state.Version is not { } version)
        {
            await next(context);
            return;
        }
        var now = UtcText.NowToTheMillisecond();
        if (!state.Looked && cache.Find(state.Key, version, now) is { } entry)
        {
            await cache.ServeAsync(context, entry, now);
            return;
        }
        // Whether a request without a key would have come this far: only then may the early step serve this answer.
        var anonymousAllowed = ScopeRules.Required(context.Request.Method, context.Request.Path,
            (IEnumerable<object>?)context.GetEndpoint()?.Metadata ?? [], auth.Value.AnonymousRead) is null;
        await cache.FillAsync(context, next, state.Key, version, anonymousAllowed);
    }
}

public static class ReadCacheSetup
{
    /// <summary>The data version and the cache; <see cref="StatementTrackerOptions.ReadCacheBytes"/> sizes it (0: off).</summary>
    public static IServiceCollection AddReadCache(this IServiceCollection services)
    {
        services.AddSingleton(provider => DataVersion.For(provider.GetRequiredService<Data.Db>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger<DataVersion>()));
        services.AddSingleton<ReadCache>();
        return services;
    }

    /// <summary>Cached reads answered early, for requests nothing later could refuse (see <see cref="ReadCacheMiddleware"/>).</summary>
    public static IApplicationBuilder UseReadCache(this IApplicationBuilder app) => app.UseMiddleware<ReadCacheMiddleware>();

    /// <summary>The other cached reads answered, and new answers kept: after every check, before the conditional-GET step.</summary>
    public static IApplicationBuilder UseReadCacheFill(this IApplicationBuilder app) => app.UseMiddleware<ReadCacheFillMiddleware>();
}
