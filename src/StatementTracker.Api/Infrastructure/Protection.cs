using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StatementTracker.Api.Auth;

namespace StatementTracker.Api.Infrastructure;

/// <summary>Requests per minute, per API key (or per client address without one), counted apart for reads and writes.</summary>
public sealed class RateLimitsOptions
{
    public const string Section = "RateLimits";

    /// <summary>GET and HEAD under /v1, and the pages, per minute; 0 switches the limit off.</summary>
    public int ReadPerMinute { get; set; } = 600;

    /// <summary>Every other method under /v1 per minute; 0 switches the limit off.</summary>
    public int WritePerMinute { get; set; } = 120;
}

/// <summary>Which browser pages may call the API.</summary>
public sealed class CrossOriginOptions
{
    public const string Section = "Cors";

    /// <summary>
    /// Origins (https://editor.example.org) whose pages may write. Reads are open to every origin, the record being
    /// public; a page elsewhere cannot write even with a key, so a key pasted into the wrong site is less use there.
    /// </summary>
    public string[] WriteOrigins { get; set; } = [];
}

/// <summary>
/// What guards the service as a whole rather than any one resource: security headers on every response, CORS, and
/// rate limits per key. The Kestrel limits (URL, headers, body) are set with the body limit in ServiceSetup.
/// </summary>
public static class Protection
{
    /// <summary>Kestrel answers a longer request line (method, URL, version) with 414, before the app sees it.</summary>
    public const int MaxRequestLineBytes = 8 * 1024;

    /// <summary>Kestrel answers larger request headers, all together, with 431.</summary>
    public const int MaxRequestHeadersBytes = 32 * 1024;

    /// <summary>Kestrel answers more request headers than this with 431.</summary>
    public const int MaxRequestHeaderCount = 100;

    /// <summary>Nothing the API answers is a page: no scripts, no frames, no plugins, from anywhere.</summary>
    public const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>
    /// Swagger UI is a page: its own scripts, styles and the document from this origin. React sets style attributes
    /// and the stylesheet embeds its icons as data: URLs, hence those two allowances; nothing runs from elsewhere.
    /// </summary>
    public const string SwaggerContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>
    /// The HTML pages: our own stylesheet and script from this origin and nothing inline, neither script nor style
    /// (a quote that slipped through escaping still could not run or restyle the page); images only our own or data:
    /// URLs (the chart is inline SVG); forms submit only here; no base element; and no site may frame a page, so
    /// none can dress one up for clickjacking. The JSON-LD block is data, not script, and runs under none of this.
    /// </summary>
    public const string PageContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>A statement's embed: the same page rules, but any site may frame it, since being framed is its purpose.</summary>
    public const string EmbedContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors *";

    private static readonly string[] AllowedHeaders = ["Authorization", ApiKeyAuthenticationMiddleware.HeaderName, "Content-Type", "If-Match", "If-None-Match"];
    private static readonly string[] ExposedHeaders = ["ETag", "Location", "Retry-After"];

    public static IServiceCollection AddProtection(this IServiceCollection services)
    {
        services.AddOptions<RateLimitsOptions>().BindConfiguration(RateLimitsOptions.Section);
        services.AddOptions<CrossOriginOptions>().BindConfiguration(CrossOriginOptions.Section);

        services.AddCors();
        // One policy for reads, another for writes: CORS picks a policy per request, not per method, without this.
        services.Replace(ServiceDescriptor.Singleton<ICorsPolicyProvider, CorsPolicyByMethod>());

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(Partition);
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>Security headers and CORS: first in the pipeline, so errors, 429s and preflights carry them too.</summary>
    public static IApplicationBuilder UseProtection(this IApplicationBuilder app)
    {
        app.Use((context, next) =>
        {
            // On starting, not now: the exception handler clears headers set before it, and this must survive it.
            context.Response.OnStarting(static state => AddSecurityHeaders((HttpContext)state), context);
            return next(context);
        });
        app.UseCors();
        return app;
    }

    /// <summary>The rate limiter; after the key is known (it counts per key) and before anyone is refused for its scope.</summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    private static Task AddSecurityHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        var page = HtmlPage.Of(context);
        // X-Frame-Options has no "anyone" value: an embed leaves it out and lets frame-ancestors * speak.
        if (page is not { Embeddable: true }) headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = page is not null ? (page.Embeddable ? EmbedContentSecurityPolicy : PageContentSecurityPolicy)
            : context.Request.Path.StartsWithSegments("/swagger") ? SwaggerContentSecurityPolicy : ApiContentSecurityPolicy;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Which bucket a request draws from: reads and writes apart, each per key name when the request carries a
    /// valid key, else per client address (behind a proxy, set up forwarded headers so this is the client's).
    /// Pages are reads of the same data and count as reads. Elsewhere (health probes, Swagger UI) nothing is counted.
    /// </summary>
    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        if (!ScopeRules.IsApi(context.Request.Path) && !HtmlPage.Is(context)) return RateLimitPartition.GetNoLimiter("open");
        var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitsOptions>>().Value;
        var reading = ScopeRules.IsRead(context.Request.Method);
        var perMinute = reading ? limits.ReadPerMinute : limits.WritePerMinute;
        var kind = reading ? "read" : "write";
        if (perMinute <= 0) return RateLimitPartition.GetNoLimiter(kind);

        var who = context.KeyName() is { } name ? $"key:{name}" : $"ip:{context.Connection.RemoteIpAddress}";
        return RateLimitPartition.GetFixedWindowLimiter($"{kind}|{who}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,     // answer at once; a queued request holds a connection and still arrives late
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var reading = ScopeRules.IsRead(context.Request.Method);
        var limits = context.RequestServices.GetRequiredService<IOptions<RateLimitsOptions>>().Value;
        var detail = TooMany(reading ? "reads" : "writes", reading ? limits.ReadPerMinute : limits.WritePerMinute, context.KeyName(), seconds);
        var problem = new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Type = "https://tools.ietf.org/html/rfc6585#section-4",
                Status = StatusCodes.Status429TooManyRequests,
                Title = TooManyTitle,
                Detail = detail,
            },
        };
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await problems.TryWriteAsync(problem)) await context.Response.WriteAsync(detail, ct);
    }

    public const string TooManyTitle = "Too many requests.";

    /// <summary>A 429's detail: which limit, whose, and when to come back.</summary>
    public static string TooMany(string kind, int perMinute, string? keyName, int retryAfterSeconds) =>
        $"Too many {kind}: {perMinute} a minute are allowed for {(keyName is null ? "this client address" : $"the API key '{keyName}'")}. Try again in {retryAfterSeconds} seconds (Retry-After).";

    /// <summary>Reads from anywhere; writes only from the configured origins (none by default).</summary>
    private sealed class CorsPolicyByMethod : ICorsPolicyProvider
    {
        private static readonly CorsPolicy Reads = new CorsPolicyBuilder()
            .AllowAnyOrigin().WithMethods(HttpMethods.Get, HttpMethods.Head)
            .WithHeaders(AllowedHeaders).WithExposedHeaders(ExposedHeaders)
            .SetPreflightMaxAge(TimeSpan.FromHours(1))
            .Build();

        private readonly CorsPolicy? _writes;

        public CorsPolicyByMethod(IOptions<CrossOriginOptions> options)
        {
            var origins = options.Value.WriteOrigins.Where(o => !string.IsNullOrWhiteSpace(o)).Select(o => o.Trim().TrimEnd('/')).ToArray();
            _writes = origins.Length == 0 ? null : new CorsPolicyBuilder()
                .WithOrigins(origins).WithMethods(HttpMethods.Get, HttpMethods.Head, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete)
                .WithHeaders(AllowedHeaders).WithExposedHeaders(ExposedHeaders)
                .SetPreflightMaxAge(TimeSpan.FromHours(1))
                .Build();
        }

        public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
        {
            var request = context.Request;
            // A preflight asks about the method to come; that method, not OPTIONS, chooses the policy.
            var method = HttpMethods.IsOptions(request.Method) && request.Headers.AccessControlRequestMethod is { Count: 1 } asked ? asked.ToString() : request.Method;
            return Task.FromResult(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? Reads : _writes);
        }
    }
}
