using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using StatementTracker.Api.Data;
using Microsoft.Extensions.DependencyInjection;
using StatementTracker.Api.Auth;

namespace StatementTracker.Api.Tests;

/// <summary>
/// The real service over HTTP, on a database of its own (a SQLite file, or a PostgreSQL schema when the tests run on
/// PostgreSQL: <see cref="TestDatabase"/>), so no test sees another's rows.
/// Each test starts with <c>await using var app = new StatementTrackerApplication();</c>.
/// <see cref="CreateClient"/> sends the admin key <see cref="AdminKey"/> (the service's bootstrap key), so a test
/// writes without ceremony; <see cref="CreateAnonymousClient"/> sends none, <see cref="CreateClient(string, bool)"/>
/// a key of the test's choosing. Rate limits are off unless a test sets them.
/// </summary>
/// <param name="seedDemoData">Sets StatementTracker:SeedDemoData; null leaves it to the environment's default.</param>
/// <param name="databasePath">A database to reuse (to restart on the same data): a file, or a schema on PostgreSQL; a new one when null.</param>
/// <param name="settings">Further configuration, as "Section:Key" = value; it wins over the defaults here.</param>
/// <param name="adminKey">The bootstrap key to start with (to restart with another); a new one when null.</param>
public sealed class StatementTrackerApplication(bool? seedDemoData = false, string? databasePath = null, string environment = "Testing",
    IReadOnlyDictionary<string, string>? settings = null, string? adminKey = null) : WebApplicationFactory<Program>
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "statementtracker-tests");

    public string DatabasePath { get; } = databasePath ?? NewDatabase();

    /// <summary>A new, empty database for an application to start on (a file name, or a schema on PostgreSQL).</summary>
    public static string NewDatabase() => TestDatabase.IsPostgres ? TestDatabase.CreateSchema() : Path.Combine(Folder, $"{Guid.NewGuid():N}.db");

    /// <summary>Keep the database file when disposed, so another application can start on it.</summary>
    public bool KeepDatabase { get; init; }

    public string ConnectionString =>
        TestDatabase.IsPostgres ? TestDatabase.PostgresConnectionString(DatabasePath) : $"Data Source={DatabasePath}";

    public DatabaseEngine Engine => TestDatabase.Engine;

    private bool _built;

    /// <summary>Where the service keeps its development key between restarts.</summary>
    public string? DevelopmentKeyFile => Services.GetRequiredService<Db>().DevelopmentKeyFile;

    /// <summary>An admin key, set as Auth:BootstrapKey: what <see cref="CreateClient"/> sends.</summary>
    public string AdminKey { get; } = adminKey ?? ApiKeys.Generate();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        _built = true;
        builder.UseEnvironment(environment);
        // Each application would watch its settings files for changes; hundreds of them exhaust the system's watchers.
        builder.UseSetting("hostBuilder:reloadConfigOnChange", "false");
        builder.UseSetting("ConnectionStrings:StatementTracker", ConnectionString);
        builder.UseSetting("StatementTracker:Database", TestDatabase.IsPostgres ? "postgres" : "sqlite");
        if (seedDemoData is { } seed) builder.UseSetting("StatementTracker:SeedDemoData", seed ? "true" : "false");
        builder.UseSetting("Auth:BootstrapKey", AdminKey);
        // Hundreds of requests a second from one client is what tests do; the limits have tests of their own.
        builder.UseSetting("RateLimits:ReadPerMinute", "0");
        builder.UseSetting("RateLimits:WritePerMinute", "0");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
    }

    /// <summary>Every client sends the admin key unless told otherwise, so tests about anything but keys read and write freely.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    /// <summary>A client that sends no key, as the public would.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    /// <summary>A client that sends <paramref name="key"/>, as a bearer token or in X-Api-Key.</summary>
    public HttpClient CreateClient(string key, bool inApiKeyHeader = false)
    {
        var client = CreateAnonymousClient();
        if (inApiKeyHeader) client.DefaultRequestHeaders.Add(ApiKeyAuthenticationMiddleware.HeaderName, key);
        else client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Makes a key of <paramref name="scope"/> through the store `keys create` uses; returns the key.</summary>
    public async Task<string> CreateKeyAsync(string scope, string? name = null)
    {
        await using var services = Services.CreateAsyncScope();
        var key = await services.ServiceProvider.GetRequiredService<ApiKeyStore>().CreateAsync(name ?? $"test-{scope}-{Guid.NewGuid():N}"[..24], scope, CancellationToken.None);
        return key ?? throw new InvalidOperationException($"A key named '{name}' exists already.");
    }

    /// <summary>A connection straight to the test's database, for what the API cannot show (or to break it on purpose).</summary>
    public DbConnection OpenDatabase()
    {
        DbConnection connection = TestDatabase.IsPostgres ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public override async ValueTask DisposeAsync()
    {
        // On PostgreSQL the development key's file is in the content root, not beside a database file: gone with the test.
        string? keyFile = null;
        try
        {
            if (TestDatabase.IsPostgres && _built && !KeepDatabase) keyFile = DevelopmentKeyFile;
        }
        catch (Exception)
        {
            // A service that refused to start made no key.
        }
        await base.DisposeAsync();
        if (keyFile is not null) File.Delete(keyFile);
        SqliteConnection.ClearAllPools();
        if (KeepDatabase) return;
        if (TestDatabase.IsPostgres)
        {
            TestDatabase.DropSchema(DatabasePath);
            return;
        }
        foreach (var suffix in new[] { "", "-wal", "-shm", ".dev-key" })
        {
            try { File.Delete(DatabasePath + suffix); } catch (IOException) { }
        }
    }
}
