namespace StatementTracker.Api.Infrastructure;

/// <summary>
/// HEAD, which every server must support (RFC 9110 9.3.2), answered as the GET of the same resource without its
/// body: the same status and headers (ETag included), so a client can check a record or a feed without reading it.
/// Minimal APIs map GET only; this runs before routing, so HEAD finds the GET's endpoint and all its rules.
/// </summary>
public sealed class HeadRequestMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }
        context.Request.Method = HttpMethods.Get;
        var body = context.Response.Body;
        context.Response.Body = Stream.Null;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
            context.Request.Method = HttpMethods.Head;
        }
    }
}
