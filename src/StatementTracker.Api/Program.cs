using Microsoft.Extensions.Options;
using StatementTracker.Api;
using StatementTracker.Api.Data;
using StatementTracker.Api.Demo;
using StatementTracker.Api.Health;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Links;
using StatementTracker.Api.Maintenance;
using StatementTracker.Api.Revisions;
using StatementTracker.Api.People;
using StatementTracker.Api.Positions;
using StatementTracker.Api.Reversals;
using StatementTracker.Api.Topics;
using StatementTracker.Api.Statements;

var builder = WebApplication.CreateBuilder(args);
builder.AddStatementTracker();

var app = builder.Build();
var options = app.Services.GetRequiredService<IOptions<StatementTrackerOptions>>().Value;

await app.Services.GetRequiredService<Migrator>().MigrateAsync();
var maintenance = app.Services.GetRequiredService<MaintenanceTasks>();
await maintenance.RunPendingAsync();
if (args.Contains("--rebuild-reversals"))
{
    // Maintenance for data loaded behind the service's back: derive every reversal again, then exit.
    await maintenance.RebuildReversalsAsync();
    return;
}
await app.Services.GetRequiredService<DemoSeeder>().SeedIfWantedAsync();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<RequestSizeLimitMiddleware>(options.MaxRequestBodyBytes);
app.UseMiddleware<Utf8BodyMiddleware>();
app.UseMiddleware<EmptyQueryParametersMiddleware>();

if (options.EnableSwagger)
{
    // The document names no server: it is served from wherever the service runs, and openapi.yaml equals it.
    app.UseSwagger(swagger => swagger.PreSerializeFilters.Add((document, _) => document.Servers?.Clear()));
    app.UseSwaggerUI(ui =>
    {
        ui.SwaggerEndpoint("/swagger/v1/swagger.json", "StatementTracker API v1");
        ui.DocumentTitle = "StatementTracker API";
        ui.EnableDeepLinking();        // /swagger/index.html#/Statements/CreateStatement can be shared
        ui.DisplayOperationId();
    });
}

app.MapHealth();
app.MapPeople();
app.MapTimeline();
app.MapStatements();
app.MapLinks();
app.MapTopics();
app.MapPositions();
app.MapReversals();
app.MapRevisions();

app.Run();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
