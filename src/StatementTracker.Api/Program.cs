using Microsoft.Extensions.Options;
using StatementTracker.Api;
using StatementTracker.Api.Auth;
using StatementTracker.Api.Caching;
using StatementTracker.Api.Data;
using StatementTracker.Api.Demo;
using StatementTracker.Api.Dump;
using StatementTracker.Api.Feeds;
using StatementTracker.Api.Health;
using StatementTracker.Api.Imports;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Links;
using StatementTracker.Api.OpenApi;
using StatementTracker.Api.Pages;
using StatementTracker.Api.Maintenance;
using StatementTracker.Api.Revisions;
using StatementTracker.Api.People;
using StatementTracker.Api.Positions;
using StatementTracker.Api.Reversals;
using StatementTracker.Api.Reviews;
using StatementTracker.Api.Topics;
using StatementTracker.Api.Statements;

var builder = WebApplication.CreateBuilder(args);
builder.AddStatementTracker();
// The keys, restore, copy-to-postgres and import commands' standard output is their answer (a new key, the list, the
// counts, the progress): logs go to standard error instead.
if (KeysCommand.Matches(args) || RestoreCommand.Matches(args) || CopyToPostgresCommand.Matches(args) || args is ["import", ..]) builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);

// Disposed on every way out, the commands' early returns included: the console logger writes from a queue on a thread
// of its own, and only disposing the app drains it, so a last line (why the service could not start, say) is not lost
// to the process ending first.
await using var app = builder.Build();
var options = app.Services.GetRequiredService<IOptions<StatementTrackerOptions>>().Value;

if (args is ["backup", ..])
{
    // Runs beside a live service: it reads the database, never migrates or writes it.
    Environment.ExitCode = await Backup.RunAsync(app.Services.GetRequiredService<Db>(), args, Console.Out, Console.Error);
    return;
}
if (CopyToPostgresCommand.Matches(args))
{
    // copy-to-postgres CONNECTION: this SQLite database into PostgreSQL, then exit. Like backup it only reads the
    // database, so it comes before the migrations: an older database is refused, not upgraded behind the user's back.
    Environment.ExitCode = await CopyToPostgresCommand.RunAsync(app.Services, args, Console.Out, Console.Error);
    return;
}
if (!await app.Services.GetRequiredService<Migrator>().TryMigrateAsync(Console.Error))
{
    Environment.ExitCode = 1;
    return;
}
var maintenance = app.Services.GetRequiredService<MaintenanceTasks>();
await maintenance.RunPendingAsync();
if (args.Contains("--rebuild-reversals"))
{
    // Maintenance for data loaded behind the service's back: derive every reversal again, then exit.
    await maintenance.RebuildReversalsAsync();
    return;
}
if (args is ["import", ..])
{
    // import FILE: a bulk import from the command line, with progress, then exit.
    Environment.ExitCode = await ImportCommand.RunAsync(app.Services, args, Console.Out, Console.Error);
    return;
}
if (KeysCommand.Matches(args))
{
    // keys create|list|revoke: manage API keys on this database, then exit.
    Environment.ExitCode = await KeysCommand.RunAsync(app.Services, args, Console.Out, Console.Error);
    return;
}
if (RestoreCommand.Matches(args))
{
    // restore FILE: load a dump into this database, migrated and empty, then exit. The demo is never seeded first.
    Environment.ExitCode = await RestoreCommand.RunAsync(app.Services, args, Console.Out, Console.Error);
    return;
}
await app.Services.GetRequiredService<DemoSeeder>().SeedIfWantedAsync();
await app.Services.GetRequiredService<StartupKeys>().EnsureAsync();
await app.Services.GetRequiredService<CursorKey>().LoadAsync();

app.UseMiddleware<HeadRequestMiddleware>();  // HEAD as the GET without its body, before routing picks the endpoint
app.UseRouting();
app.UseProtection();                // security headers and CORS, first, so that every answer carries them
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseReadCache();                 // a read the cache holds, answered here when nothing below could refuse it
app.UseMiddleware<RequestSizeLimitMiddleware>(options.MaxRequestBodyBytes, options.MaxImportBytes);
app.UseMiddleware<Utf8BodyMiddleware>();
app.UseMiddleware<EmptyQueryParametersMiddleware>();
app.UseApiKeyAuthentication();      // whose key, if any: the rate limiter counts per key
app.UseRateLimits();
app.UseScopeAuthorization();        // 401 or 403 when the key does not allow the request
app.UseStrictRequests();            // 406 for an Accept it cannot answer, 400 for a query string it would misread
app.UseReadCacheFill();             // any other read the cache holds; otherwise the handler's answer, kept
app.UseMiddleware<ConditionalGetMiddleware>();  // ETags of what is read, and 304 for what has not changed

if (options.EnableSwagger)
{
    // The server is named per request, relative to where the document was read: see ApiInfo.Server.
    app.UseSwagger(swagger => swagger.PreSerializeFilters.Add((document, request) => document.Servers = [ApiInfo.Server(request)]));
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
app.MapStatementList();
app.MapLinks();
app.MapTopics();
app.MapPositions();
app.MapReversals();
app.MapReviews();
app.MapRevisions();
app.MapImports();
app.MapFeeds();
app.MapDump();
app.MapPages();

app.Run();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
