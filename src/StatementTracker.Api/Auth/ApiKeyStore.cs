using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using StatementTracker.Api.Data;

namespace StatementTracker.Api.Auth;

/// <summary>All SQL about API keys. Keys themselves never reach the database: only their hashes do.</summary>
public sealed partial class ApiKeyStore(DbSession db, ILogger<ApiKeyStore> logger)
{
    /// <summary>How stale <c>last_used_at</c> may grow before a request refreshes it: a write per key per minute, not per request.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public sealed class ApiKeyRow
    {
        public string Id { get; init; } = "";
        public string Name { get; init; } = "";
        public string Scope { get; init; } = "";
        public string KeyHash { get; init; } = "";
        public string CreatedAt { get; init; } = "";
        public string? LastUsedAt { get; init; }
        public string? RevokedAt { get; init; }

        public bool IsRevoked => RevokedAt is not null;
    }

    /// <summary>Letters, digits, '.', '_' and '-', up to 64, starting with a letter or digit: safe in logs, tables and shells.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    public static partial Regex NamePattern();

    private const string SelectKey = "SELECT id, name, scope, key_hash, created_at, last_used_at, revoked_at FROM api_keys";

    public async Task<ApiKeyRow?> FindByHashAsync(string keyHash, CancellationToken ct)
    {
        var connection = await db.ConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ApiKeyRow>($"{SelectKey} WHERE key_hash = @keyHash", new { keyHash }, db.Transaction);
    }

    public async Task<ApiKeyRow?> FindByNameAsync(string name, CancellationToken ct)
    {
        var connection = await db.ConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ApiKeyRow>($"{SelectKey} WHERE name = @name", new { name }, db.Transaction);
    }

    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(CancellationToken ct)
    {
        var connection = await db.ConnectionAsync(ct);
        return (await connection.QueryAsync<ApiKeyRow>($"{SelectKey} ORDER BY name", transaction: db.Transaction)).AsList();
    }

    /// <summary>Makes a key and stores its hash; returns the key, which exists nowhere else, or null when the name is taken.</summary>
    public async Task<string?> CreateAsync(string name, string scope, CancellationToken ct)
    {
        var key = ApiKeys.Generate();
        var connection = await db.ConnectionAsync(ct);
        // ON CONFLICT rather than check-then-insert: two `keys create` runs with one name cannot both succeed.
        var inserted = await connection.ExecuteAsync("""
            INSERT INTO api_keys (id, name, scope, key_hash, created_at)
            VALUES (@id, @name, @scope, @keyHash, @now)
            ON CONFLICT (name) DO NOTHING
            """, new { id = Ids.New("key"), name, scope, keyHash = ApiKeys.Hash(key), now = UtcText.Format(DateTime.UtcNow) }, db.Transaction);
        return inserted == 1 ? key : null;
    }

    /// <summary>Revokes a key by name; false when there is no such key or it was revoked already.</summary>
    public async Task<bool> RevokeAsync(string name, CancellationToken ct)
    {
        var connection = await db.ConnectionAsync(ct);
        return await connection.ExecuteAsync(
            "UPDATE api_keys SET revoked_at = @now WHERE name = @name AND revoked_at IS NULL",
            new { name, now = UtcText.Format(DateTime.UtcNow) }, db.Transaction) == 1;
    }

    /// <summary>
    /// Makes the key called <paramref name="name"/> hold exactly this hash and scope, unrevoked: how the bootstrap and
    /// development keys follow their configured values. Call inside <see cref="DbSession.BeginWriteAsync"/>.
    /// </summary>
    public async Task EnsureAsync(string name, string scope, string keyHash, CancellationToken ct)
    {
        var connection = await db.ConnectionAsync(ct);
        if (await FindByHashAsync(keyHash, ct) is { } holder && holder.Name != name)
            throw new InvalidOperationException($"The value configured for the '{name}' key is already the key '{holder.Name}'; choose another value.");
        // A new value is a new key: whenever the old one was last used says nothing about this one.
        await connection.ExecuteAsync("""
            INSERT INTO api_keys (id, name, scope, key_hash, created_at)
            VALUES (@id, @name, @scope, @keyHash, @now)
            ON CONFLICT (name) DO UPDATE
               SET scope = excluded.scope,
                   last_used_at = CASE WHEN api_keys.key_hash = excluded.key_hash THEN api_keys.last_used_at END,
                   key_hash = excluded.key_hash,
                   revoked_at = NULL
            """, new { id = Ids.New("key"), name, scope, keyHash, now = UtcText.Format(DateTime.UtcNow) }, db.Transaction);
    }

    /// <summary>
    /// Records that a key was just used, when its last record is over <see cref="LastUsedResolution"/> old. Best
    /// effort: it waits at most a second for the database's lock, and a busy database skips it rather than hold up
    /// the request it rides on.
    /// </summary>
    public async Task TouchAsync(ApiKeyRow key, DateTime now, CancellationToken ct)
    {
        if (key.LastUsedAt is { } last && now - UtcText.Parse(last) < LastUsedResolution) return;
        var connection = await db.ConnectionAsync(ct);
        try
        {
            await connection.ExecuteAsync(
                "UPDATE api_keys SET last_used_at = @now WHERE id = @id AND (last_used_at IS NULL OR last_used_at < @cutoff)",
                new { id = key.Id, now = UtcText.Format(now), cutoff = UtcText.Format(now - LastUsedResolution) },
                db.Transaction, commandTimeout: 1);
        }
        // SQLite: SQLITE_BUSY or SQLITE_LOCKED; PostgreSQL: the row is locked by a write past the one-second timeout.
        catch (Exception ex) when (ex is SqliteException { SqliteErrorCode: 5 or 6 } or Npgsql.NpgsqlException { InnerException: TimeoutException })
        {
            logger.LogDebug("Skipped recording the use of key {Name}: the database is busy.", key.Name);
        }
    }
}
