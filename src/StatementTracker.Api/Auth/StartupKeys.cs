using Microsoft.Extensions.Options;
using StatementTracker.Api.Data;
using StatementTracker.Api.Demo;

namespace StatementTracker.Api.Auth;

/// <summary>
/// The keys the service makes for itself at start-up: the operator's bootstrap key (Auth:BootstrapKey), and in
/// Development with the demo data a local admin key, printed so that Swagger UI's Authorize button can take it.
/// </summary>
public sealed class StartupKeys(IServiceScopeFactory scopes, Db db, DemoSeeder demo, IOptions<AuthOptions> options,
    IHostEnvironment environment, ILogger<StartupKeys> logger)
{
    public const string BootstrapName = "bootstrap";
    public const string DevelopmentName = "development";

    public async Task EnsureAsync(CancellationToken ct = default)
    {
        var bootstrap = options.Value.BootstrapKey?.Trim();
        // Only in Development with the demo: the one setting where a key in the log is a convenience, not a leak.
        var development = environment.IsDevelopment() && demo.Wanted ? DevelopmentKey() : null;
        if (string.IsNullOrEmpty(bootstrap) && development is null) return;

        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var keys = scope.ServiceProvider.GetRequiredService<ApiKeyStore>();
        await using var write = await session.BeginWriteAsync(ct);
        if (!string.IsNullOrEmpty(bootstrap))
        {
            // Refuse to start on a weak value rather than guard the API with one.
            if (!ApiKeys.IsWellFormed(bootstrap))
                throw new InvalidOperationException($"{AuthOptions.Section}:{nameof(AuthOptions.BootstrapKey)} must be {ApiKeys.MinLength} to {ApiKeys.MaxLength} letters, digits or -._~+/=; make one with `keys create` or e.g. `openssl rand -base64 32`.");
            await keys.EnsureAsync(BootstrapName, Scopes.Admin, ApiKeys.Hash(bootstrap), ct);
        }
        if (development is not null) await keys.EnsureAsync(DevelopmentName, Scopes.Admin, ApiKeys.Hash(development), ct);
        await write.CommitAsync(ct);

        if (!string.IsNullOrEmpty(bootstrap)) logger.LogInformation("The '{Name}' admin key from {Setting} is in place.", BootstrapName, $"{AuthOptions.Section}:{nameof(AuthOptions.BootstrapKey)}");
        if (development is not null) logger.LogInformation("Development API key (admin): {Key}", development);
    }

    /// <summary>
    /// The development key stays the same across restarts, so a browser tab keeps working: it is random once, and
    /// kept in a file beside the database, or in the content root for PostgreSQL (only readable by its owner), since
    /// the database holds only its hash.
    /// An in-memory database forgets everything on restart, so its key is new each time.
    /// </summary>
    private string DevelopmentKey()
    {
        if (db.DevelopmentKeyFile is not { } path) return ApiKeys.Generate();

        if (File.Exists(path) && File.ReadAllText(path).Trim() is var kept && ApiKeys.IsWellFormed(kept)) return kept;

        var key = ApiKeys.Generate();
        var file = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(path, file)) writer.WriteLine(key);
        return key;
    }
}
