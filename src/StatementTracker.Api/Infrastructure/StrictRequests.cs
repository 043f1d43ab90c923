namespace StatementTracker.Api.Infrastructure;

/// <summary>
/// A request is read as documented or refused, never guessed at: Accept is honoured (<see cref="NegotiationMiddleware"/>),
/// the query string holds only what the operation takes, written as documented (<see cref="StrictQueryMiddleware"/>),
/// and cursors are signed (<see cref="Cursor"/>), each answered with a problem that names what was wrong.
/// </summary>
public static class StrictRequests
{
    public static IServiceCollection AddStrictRequests(this IServiceCollection services)
    {
        services.AddSingleton<CursorKey>();
        return services;
    }

    /// <summary>After the key and scope checks (a refused key is told so first) and before any endpoint binds a value.</summary>
    public static IApplicationBuilder UseStrictRequests(this IApplicationBuilder app)
    {
        app.UseMiddleware<NegotiationMiddleware>();
        app.UseMiddleware<StrictQueryMiddleware>();
        var key = app.ApplicationServices.GetRequiredService<CursorKey>();
        app.Use(async (context, next) =>
        {
            // Async, so that the key is this request's alone: the value set here flows into next and no further.
            Cursor.Use(key, Cursor.ScopeOf(context.Request));
            await next(context);
        });
        return app;
    }
}
