using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using StatementTracker.Api.Auth;
using StatementTracker.Api.Caching;
using StatementTracker.Api.Data;
using StatementTracker.Api.Demo;
using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.OpenApi;
using StatementTracker.Api.Links;
using StatementTracker.Api.Maintenance;
using StatementTracker.Api.Revisions;
using StatementTracker.Api.People;
using StatementTracker.Api.Positions;
using StatementTracker.Api.Reversals;
using StatementTracker.Api.Topics;
using StatementTracker.Api.Statements;

namespace StatementTracker.Api;

/// <summary>Everything Program.cs registers, in one place.</summary>
public static class ServiceSetup
{
    public static WebApplicationBuilder AddStatementTracker(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StatementTrackerOptions>().BindConfiguration(StatementTrackerOptions.Section);
        // Read settings when the container builds, not now: hosts such as the tests' factory add theirs late.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<StatementTrackerOptions>>((kestrel, options) =>
        {
            kestrel.Limits.MaxRequestBodySize = options.Value.MaxRequestBodyBytes;
            // Kestrel answers these itself (414, 431) before the app sees the request; explicit, so the README can say them.
            kestrel.Limits.MaxRequestLineSize = Protection.MaxRequestLineBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = Protection.MaxRequestHeadersBytes;
            kestrel.Limits.MaxRequestHeaderCount = Protection.MaxRequestHeaderCount;
            // Which server and version answers is a hint to an attacker and of no use to a client.
            kestrel.AddServerHeader = false;
        });
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StatementTrackerOptions>>().Value;
            var engine = options.Engine;
            var connectionString = provider.GetRequiredService<IConfiguration>().GetConnectionString(StatementTrackerOptions.ConnectionStringName);
            if (engine == DatabaseEngine.Postgres && string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException("StatementTracker:Database is 'postgres' but ConnectionStrings:StatementTracker is not set; give it an Npgsql connection string (Host=…;Database=…;Username=…).");
            return new Db(engine, connectionString ?? StatementTrackerOptions.DefaultConnectionString, provider.GetRequiredService<IHostEnvironment>().ContentRootPath,
                options.SqliteMemoryBytes);
        });
        services.AddSingleton<Migrator>();
        services.AddSingleton<DemoSeeder>();
        services.AddSingleton<MaintenanceTasks>();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StatementTrackerOptions>>().Value;
            return new WriteGate(options.WriteQueueLimit, groupCommit: options.GroupCommit);
        });
        services.AddScoped<DbSession>();
        services.AddScoped<PeopleStore>();
        services.AddScoped<StatementStore>();
        services.AddScoped<StatementPartsStore>();
        services.AddScoped<StatementListStore>();
        services.AddSingleton<Search.SearchTermCounts>();
        services.AddScoped<LinkStore>();
        services.AddScoped<TopicStore>();
        services.AddScoped<PositionStore>();
        services.AddScoped<ReversalStore>();
        services.AddScoped<ReversalWriter>();
        services.AddScoped<RevisionStore>();
        // One command class per kind of record: the only way anything is written.
        services.AddScoped<PersonCommands>();
        services.AddScoped<TopicCommands>();
        services.AddScoped<StatementWriters>();
        services.AddScoped<StatementCommands>();
        services.AddScoped<LinkCommands>();
        services.AddScoped<Reviews.ReviewStore>();
        services.AddScoped<Reviews.ReviewCommands>();
        services.AddScoped<Imports.ImportWriter>();
        services.AddScoped<Imports.ImportRunner>();
        services.AddScoped<Imports.ImportJobStore>();
        services.AddSingleton<Imports.ImportJobs>();
        services.AddSingleton<Imports.ImportJobLocks>();
        services.AddHostedService<Imports.ImportWorker>();
        services.AddScoped<Dump.DumpStore>();
        services.AddScoped<Dump.DumpRestorer>();
        // The pages: Razor components rendered on the server as plain HTML, with no interactive render mode.
        services.AddRazorComponents();
        // Razor escapes what it must (<, >, &, quotes) and, by default, every letter outside Basic Latin as well: a
        // Russian quote would travel as &#x41F;&#x435;... at six times its size. Markup stays escaped either way.
        services.AddWebEncoders(encoders =>
            encoders.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddApiKeys();
        services.AddProtection();
        services.AddStrictRequests();
        services.AddReadCache();

        services.ConfigureHttpJsonOptions(json =>
        {
            // A misspelt field ("qoute") is an error, not silently dropped data.
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            // {"name":"A","name":"B"} is ambiguous; refuse it rather than keep whichever came last.
            json.SerializerOptions.AllowDuplicateProperties = false;
            // A field is its documented name, spelt exactly: {"NAME": "x"} is an unknown field, not name.
            json.SerializerOptions.PropertyNameCaseInsensitive = false;
        });
        services.AddOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>().Configure<IOptions<StatementTrackerOptions>>(
            (json, options) => json.SerializerOptions.MaxDepth = options.Value.MaxJsonDepth);
        // Let bad input reach ProblemExceptionHandler, which names the field, instead of an empty 400.
        services.Configure<RouteHandlerOptions>(route => route.ThrowOnBadRequest = true);
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = ProblemDefaults.Explain);
        services.AnswerProblemsInJson();
        services.AddExceptionHandler<ProblemExceptionHandler>();

        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc(ApiInfo.Version, ApiInfo.Create());
            swagger.IncludeXmlComments(Path.Combine(AppContext.BaseDirectory, "StatementTracker.Api.xml"));
            swagger.SupportNonNullableReferenceTypes();
            swagger.AddApiKeySecurity();
            // Revisions carry values of any JSON type (a field's value before and after, a whole snapshot); without
            // these the document describes System.Text.Json's JsonNode class instead of the JSON it holds. A schema
            // without a type is "any JSON value, null included"; OpenAPI 3.0 ignores nullable without a type.
            swagger.MapType<System.Text.Json.Nodes.JsonNode>(() => new OpenApiSchema());
            swagger.MapType<System.Text.Json.Nodes.JsonObject>(() => new OpenApiSchema { Type = JsonSchemaType.Object });
            swagger.OperationFilter<AcceptedQueryFilter>();      // first: the errors filter lists the query parameters
            swagger.OperationFilter<ExamplesAndErrorsFilter>();
            swagger.OperationFilter<PathParameterFilter>();
            swagger.SchemaFilter<RequiredAndAllowedValuesFilter>();
            swagger.ParameterFilter<QueryParameterFilter>();
            swagger.DocumentFilter<TagOrderFilter>();
            swagger.OrderActionsBy(ApiTags.SortKey);
        });
        return builder;
    }
}
