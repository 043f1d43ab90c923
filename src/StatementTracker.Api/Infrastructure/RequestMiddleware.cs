using Microsoft.AspNetCore.WebUtilities;

namespace StatementTracker.Api.Infrastructure;

/// <summary>
/// Refuses a body whose declared length is over the limit before anything reads it. Bodies sent without a length
/// (chunked) meet the same limit in Kestrel's MaxRequestBodySize, which the exception handler turns into a 413.
/// </summary>
public sealed class RequestSizeLimitMiddleware(RequestDelegate next, long maxBytes, long maxUploadBytes)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        // An upload (a bulk import) is streamed to disk, not parsed in memory, and may be as large as its own setting.
        var limit = maxBytes;
        if (context.GetEndpoint()?.Metadata.GetMetadata<TakesUploads>() is not null)
        {
            limit = maxUploadBytes;
            if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                size.MaxRequestBodySize = maxUploadBytes;
        }
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "The request body is too large.",
                    Detail = $"Request bodies may be at most {limit} bytes here; this one declares {context.Request.ContentLength}.",
                },
            });
            return;
        }
        await next(context);
    }
}

/// <summary>Marks an endpoint that takes a file upload, whose body may be as large as MaxImportBytes.</summary>
public sealed record TakesUploads;

/// <summary>
/// An empty query parameter (?person=&amp;limit=10, as HTML forms and some clients send) means the same as an absent
/// one, for every list: dropped here once, instead of each handler deciding whether "" is a slug or a date. Each
/// empty value is dropped on its own (?limit=&amp;limit=5 is limit=5), and the names that stay keep the spelling
/// and order they were sent in, for the strict query check that reads them next.
/// </summary>
public sealed class EmptyQueryParametersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var query = context.Request.QueryString;
        if (!query.HasValue) return next(context);
        var kept = new List<KeyValuePair<string, string?>>();
        var dropped = false;
        foreach (var pair in new QueryStringEnumerable(query.Value))
        {
            var value = pair.DecodeValue().ToString();
            if (string.IsNullOrWhiteSpace(value)) dropped = true;
            else kept.Add(new(pair.DecodeName().ToString(), value));
        }
        if (dropped) context.Request.QueryString = QueryString.Create(kept);
        return next(context);
    }
}

/// <summary>
/// JSON travels as UTF-8 (RFC 8259, section 8.1), and the merge-patch reader assumes it. A body declared in another
/// charset is refused with 415 here, once for every operation, instead of transcoded by one reader, ignored by the
/// other, and thrown as a 500 by the framework's JSON reader when nobody knows the charset. UTF-8 spelt any legal way
/// ("utf8", quoted) is written back as plain utf-8, the one spelling that reader understands.
/// </summary>
public sealed class Utf8BodyMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        // Only a request that carries a body: a GET with a stray Content-Type is not refused for it.
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false
            && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            && type.Charset.HasValue)
        {
            var charset = Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(type.Charset).Value ?? "";
            if (charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            {
                if (type.Charset.Value != "utf-8")
                {
                    type.Charset = "utf-8";
                    context.Request.ContentType = type.ToString();
                }
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status415UnsupportedMediaType,
                        Title = "Unsupported media type.",
                        Detail = $"JSON bodies are UTF-8; the charset '{charset}' is not accepted. Send UTF-8, with charset=utf-8 or no charset at all.",
                    },
                });
                return;
            }
        }
        await next(context);
    }
}
