using Microsoft.AspNetCore.Http.HttpResults;
using StatementTracker.Api.Data;
using StatementTracker.Api.OpenApi;

namespace StatementTracker.Api.Health;

/// <summary>The service is up and its database answers.</summary>
/// <param name="Status">"ok".</param>
/// <param name="SchemaVersion">The number of the last migration applied.</param>
public sealed record HealthReport(string Status, long SchemaVersion);

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetHealth)
            .WithTags(ApiTags.Health)
            .WithName("GetHealth")
            .WithSummary("Is the service up?")
            .WithDescription("Answers 200 when the database is reachable, 503 when it is not.")
            .WithResponseExample(StatusCodes.Status200OK, new HealthReport("ok", 1))
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static async Task<Results<Ok<HealthReport>, ProblemHttpResult>> GetHealth(DbSession db, ILogger<HealthReport> logger, CancellationToken ct)
    {
        try
        {
            var version = await db.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", null, ct);
            return TypedResults.Ok(new HealthReport("ok", version));
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or IOException or System.Net.Sockets.SocketException or TimeoutException)
        {
            logger.LogError(ex, "Health check could not reach the database");
            return TypedResults.Problem(detail: "The database is not reachable.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Unavailable.");
        }
    }
}
