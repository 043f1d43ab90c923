using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;
using StatementTracker.Api.Data;

namespace StatementTracker.Api.Infrastructure;

/// <summary>
/// The key that signs list cursors (<see cref="Cursor"/>). A cursor handed out before a restart, or by another node
/// on the same database, must still be read, so the key is never made per process: it is
/// <c>StatementTracker:CursorKey</c> when configured, otherwise a random key kept in the database's settings table,
/// made once by whichever node starts first.
/// </summary>
public sealed class CursorKey(IOptions<StatementTrackerOptions> options, Db db, ILogger<CursorKey> logger)
{
    /// <summary>256 bits, as HMAC-SHA256 wants; a configured key may not be shorter.</summary>
    public const int MinBytes = 32;

    public const string SettingName = "cursor_key";

    private byte[]? _key;

    /// <summary>The key; loaded at start-up by <see cref="LoadAsync"/>, before any request is served.</summary>
    public ReadOnlySpan<byte> Bytes => _key ?? throw new InvalidOperationException("The cursor key is loaded at start-up (CursorKey.LoadAsync) before requests are served.");

    public async Task LoadAsync(CancellationToken ct = default)
    {
        var configured = options.Value.CursorKey?.Trim();
        if (!string.IsNullOrEmpty(configured))
        {
            _key = Parse(configured) ?? throw new InvalidOperationException(
                $"{StatementTrackerOptions.Section}:{nameof(StatementTrackerOptions.CursorKey)} must be base64 of at least {MinBytes} random bytes, e.g. `openssl rand -base64 32`.");
            return;
        }

        await using var connection = await db.OpenAsync(ct);
        // Insert unless present, then read: when several nodes start together on one database, the first key written wins
        // and every node reads that one.
        var made = Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinBytes));
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO settings (name, value, created_at) VALUES (@Name, @Value, @Now) ON CONFLICT (name) DO NOTHING",
            new { Name = SettingName, Value = made, Now = UtcText.Format(DateTime.UtcNow) }, cancellationToken: ct));
        var kept = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT value FROM settings WHERE name = @Name", new { Name = SettingName }, cancellationToken: ct));
        _key = Parse(kept) ?? throw new InvalidOperationException(
            $"The database's '{SettingName}' setting is not base64 of at least {MinBytes} bytes; delete that row and restart to make a new one (cursors handed out so far stop working).");
        if (inserted > 0) logger.LogInformation("Made the key that signs list cursors and kept it in the database.");
    }

    private static byte[]? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var length) && length >= MinBytes ? buffer[..length] : null;
    }
}
