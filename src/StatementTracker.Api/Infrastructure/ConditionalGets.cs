using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace StatementTracker.Api.Infrastructure;

/// <summary>
/// Conditional GETs for every read under /v1 and every page (<see cref="HtmlPage"/>): the answer's ETag names its exact bytes, so If-None-Match answers
/// 304 with no body exactly when nothing in it changed, whatever changed it (a correction, a new link, a
/// retraction elsewhere). A record's own ETag ("3", its revision, which If-Match checks) stays in front:
/// "3.9f1c…", so an editor can still send it back. Cache-Control says every reader must revalidate, and Vary
/// says the answer depends on Accept and the key.
/// </summary>
public sealed class ConditionalGetMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || !(request.Path.StartsWithSegments("/v1") || HtmlPage.Is(context)) || Exports.IsExport(context))
        {
            await next(context);
            return;
        }
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
        var response = context.Response;
        if (response.StatusCode == StatusCodes.Status200OK)
        {
            var etag = EntityTag(response.Headers.ETag.ToString().Trim('"'), buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            response.Headers.ETag = etag;
            if (string.IsNullOrEmpty(response.Headers.CacheControl)) response.Headers.CacheControl = "no-cache";
            response.Headers.Append("Vary", "Accept, Authorization, X-Api-Key");
            if (Matches(request.Headers.IfNoneMatch.ToString(), etag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.Headers.ContentLength = null;
                response.ContentType = null;
                return;
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>The ETag of <paramref name="body"/>: the record's own tag (its revision; empty when none), a dot, and the body's hash.</summary>
    public static string EntityTag(string own, ReadOnlySpan<byte> body)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(body))[..HashLength];
        return own.Length > 0 ? $"\"{own}.{hash}\"" : $"\"{hash}\"";
    }

    /// <summary>The record's own part of an ETag made by <see cref="EntityTag"/>: what comes before the hash.</summary>
    public static string OwnPart(string etag)
    {
        var tag = etag.Trim('"');
        return tag.Length > HashLength ? tag[..(tag.Length - HashLength - 1)] : "";
    }

    private const int HashLength = 20;

    /// <summary>Weak comparison (RFC 9110 13.1.2), as If-None-Match uses: W/ is ignored, * matches anything.</summary>
    public static bool Matches(string ifNoneMatch, string etag)
    {
        if (string.IsNullOrWhiteSpace(ifNoneMatch)) return false;
        return ifNoneMatch.Split(',').Select(t => t.Trim()).Any(t => t == "*" || (t.StartsWith("W/", StringComparison.Ordinal) ? t[2..] : t) == etag);
    }
}
