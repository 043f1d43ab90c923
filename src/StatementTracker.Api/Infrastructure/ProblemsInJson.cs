namespace StatementTracker.Api.Infrastructure;

/// <summary>
/// Problems are application/problem+json whatever Accept says. The framework's writer answers a problem only when
/// Accept allows JSON, and otherwise leaves callers to fall back to plain text or an empty body; but a client that
/// sent Accept: text/html still needs to learn, in the one shape every error has, why it got a 406, 401 or 404.
/// </summary>
public sealed class JsonProblemDetailsService(IProblemDetailsService inner) : IProblemDetailsService
{
    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        if (!await TryWriteAsync(context)) throw new InvalidOperationException("No problem details writer could write the problem.");
    }

    public async ValueTask<bool> TryWriteAsync(ProblemDetailsContext context)
    {
        if (await inner.TryWriteAsync(context)) return true;
        // The writers refuse only for Accept: let them answer as if JSON had been asked for, then restore the header.
        var headers = context.HttpContext.Request.Headers;
        var accept = headers.Accept;
        headers.Accept = Negotiation.ProblemJson;
        try { return await inner.TryWriteAsync(context); }
        finally { headers.Accept = accept; }
    }
}

public static class ProblemsInJsonExtensions
{
    /// <summary>Wraps the problem details service AddProblemDetails registered (call it after) in <see cref="JsonProblemDetailsService"/>.</summary>
    public static IServiceCollection AnswerProblemsInJson(this IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IProblemDetailsService))
            ?? throw new InvalidOperationException("AddProblemDetails registers the service this wraps; call it first.");
        services.Remove(registered);
        services.AddSingleton<IProblemDetailsService>(provider => new JsonProblemDetailsService((IProblemDetailsService)(
            registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!))));
        return services;
    }
}
