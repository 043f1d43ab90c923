namespace StatementTracker.Api.Infrastructure;

/// <summary>
/// A request is read as documented or refused, never guessed at: the query string holds only what the operation
/// takes, written as documented (<see cref="StrictQueryMiddleware"/>), answered with a problem that names what was wrong.
/// </summary>
public static class StrictRequests
{
    /// <summary>After the key and scope checks (a refused key is told so first) and before any endpoint binds a value.</summary>
    public static IApplicationBuilder UseStrictRequests(this IApplicationBuilder app)
    {
        app.UseMiddleware<StrictQueryMiddleware>();
        return app;
    }
}
