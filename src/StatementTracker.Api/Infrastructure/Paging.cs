using System.Buffers.Text;
using System.Text.Json;

namespace StatementTracker.Api.Infrastructure;

/// <summary>One page of a list. <c>nextCursor</c> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// Opaque keyset cursors: the sort key of the last item on a page, as base64url JSON tagged with the list (and
/// order) it belongs to. Keysets, unlike offsets, neither skip nor repeat an item when rows are added between pages.
/// </summary>
public static class Cursor
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    private sealed record Envelope<TKey>(string List, TKey Key);

    private static readonly JsonSerializerOptions Strict = new()
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static string Encode<TKey>(string list, TKey key) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Envelope<TKey>(list, key), Strict));

    /// <summary>The key of a cursor made by <see cref="Encode{TKey}"/> for the same list; default (and an error) otherwise.</summary>
    public static TKey? Decode<TKey>(string? cursor, string list, ValidationErrors errors) where TKey : class
    {
        if (cursor is null) return null;
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope<TKey>>(Base64Url.DecodeFromChars(cursor), Strict);
            if (envelope is not null && envelope.List == list && envelope.Key is not null) return envelope.Key;
        }
        catch (Exception ex) when (ex is FormatException or JsonException) { }
        errors.Add("cursor", "cursor is not one this list handed out; pass nextCursor from the previous page unchanged, with the same filters and order.");
        return null;
    }

    /// <summary>The page size: 50 when absent, 1 to 200 when given.</summary>
    public static int Limit(long? limit, ValidationErrors errors)
    {
        if (limit is null) return DefaultLimit;
        if (limit is < 1 or > MaxLimit) errors.Add("limit", $"limit must be between 1 and {MaxLimit}; it was {limit}.");
        return (int)Math.Clamp(limit.Value, 1, MaxLimit);
    }

    /// <summary>Cuts the one extra row a query fetched to learn whether another page follows.</summary>
    public static Page<TItem> ToPage<TRow, TItem>(IReadOnlyList<TRow> rows, int limit, Func<TRow, TItem> map, Func<TRow, string> cursorOf)
    {
        var items = rows.Take(limit).Select(map).ToList();
        var next = rows.Count > limit ? cursorOf(rows[limit - 1]) : null;
        return new Page<TItem>(items, next);
    }
}
