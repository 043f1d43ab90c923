using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace StatementTracker.Api.Tests;

/// <summary>
/// The real service over HTTP, on a SQLite file of its own, so no test sees another's rows.
/// Each test starts with <c>await using var app = new StatementTrackerApplication();</c>.
/// </summary>
/// <param name="seedDemoData">Sets StatementTracker:SeedDemoData; null leaves it to the environment's default.</param>
/// <param name="databasePath">A database file to reuse (to restart on the same data); a new one when null.</param>
/// <param name="settings">Further configuration, as "Section:Key" = value.</param>
public sealed class StatementTrackerApplication(bool? seedDemoData = false, string? databasePath = null, string environment = "Testing",
    IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "statementtracker-tests");

    public string DatabasePath { get; } = databasePath ?? Path.Combine(Folder, $"{Guid.NewGuid():N}.db");

    /// <summary>Keep the database file when disposed, so another application can start on it.</summary>
    public bool KeepDatabase { get; init; }

    public string ConnectionString => $"Data Source={DatabasePath}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:StatementTracker", ConnectionString);
        if (seedDemoData is { } seed) builder.UseSetting("StatementTracker:SeedDemoData", seed ? "true" : "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
    }

    /// <summary>A connection straight to the test's database file, for what the API cannot show (or to break it on purpose).</summary>
    public SqliteConnection OpenDatabase()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (KeepDatabase) return;
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try { File.Delete(DatabasePath + suffix); } catch (IOException) { }
        }
    }
}
