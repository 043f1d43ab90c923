using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace StatementTracker.Api.Infrastructure;

/// <summary>One page of a list. <c>nextCursor</c> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// Opaque keyset cursors: the sort key of the last item on a page, as JSON tagged with the list (and order) it
/// belongs to, signed, in base64url. Keysets, unlike offsets, neither skip nor repeat an item when rows are added
/// between pages. The signature makes a cursor tamper-evident: one a client made or changed is refused, instead of
/// quietly starting the page somewhere it was never handed out.
/// </summary>
/// <remarks>
/// The bytes are a version (1), the JSON envelope, and the first 16 bytes of HMAC-SHA256 over the version and the
/// envelope, keyed with <see cref="CursorKey"/>. The key is the serving application's: each request's is set by
/// <see cref="Use"/> (the pipeline does it once, in <see cref="StrictRequests"/>), so that the handlers and stores
/// that page keep calling <see cref="Encode{TKey}"/> and <see cref="Decode{TKey}"/> without passing it around.
/// </remarks>
public static class Cursor
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    private const byte Version = 1;
    private const int MacBytes = 16;

    /// <summary>Longer than any cursor the service makes by far; a longer one is refused before it is decoded.</summary>
    private const int MaxChars = 2048;

    public const string Forged = "cursor is not one this service handed out, or it was changed on the way (cursors are signed). Pass nextCursor from the previous page unchanged, or start again from the first page by leaving cursor out.";

    public const string OtherList = "cursor is not one this list handed out: it belongs to another list, or to this one with other filters or order. Pass nextCursor from the previous page unchanged, with the same filters and order, or start again from the first page by leaving cursor out.";

    private sealed record Envelope<TKey>(string List, TKey Key);

    private static readonly JsonSerializerOptions Strict = new()
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private static readonly AsyncLocal<CursorKey?> Current = new();
    private static readonly AsyncLocal<string?> Scope = new();

    /// <summary>
    /// Signs and checks the cursors of the rest of this request (its async flow) with <paramref name="key"/>, and ties
    /// them to <paramref name="scope"/>: the request's path and filters, so a cursor only continues the very list
    /// (this person's timeline, this search) that handed it out.
    /// </summary>
    public static void Use(CursorKey key, string scope = "")
    {
        Current.Value = key;
        Scope.Value = scope;
    }

    /// <summary>
    /// The scope of a request's cursors: its path and its query without the parameters that may change from page to
    /// page (cursor, limit) or do not choose the rows (facets, format), in a fixed order, hashed.
    /// </summary>
    public static string ScopeOf(HttpRequest request)
    {
        var kept = request.Query.Where(p => p.Key is not ("cursor" or "limit" or "facets" or "format"))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={string.Join('\u001f', p.Value.ToArray())}");
        var text = request.Path.Value + "?" + string.Join('\u001e', kept);
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
    }

    private static string Tag(string list) => Scope.Value is { Length: > 0 } scope ? $"{list}|{scope}" : list;

    private static CursorKey Key => Current.Value
        ?? throw new InvalidOperationException("Cursors are signed with the serving application's key: make and read them while serving a request.");

    public static string Encode<TKey>(string list, TKey key)
    {
        var envelope = JsonSerializer.SerializeToUtf8Bytes(new Envelope<TKey>(Tag(list), key), Strict);
        var bytes = new byte[1 + envelope.Length + MacBytes];
        bytes[0] = Version;
        envelope.CopyTo(bytes, 1);
        Sign(bytes.AsSpan(0, 1 + envelope.Length), bytes.AsSpan(1 + envelope.Length));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>The key of a cursor made by <see cref="Encode{TKey}"/> for the same list; default (and an error) otherwise.</summary>
    public static TKey? Decode<TKey>(string? cursor, string list, ValidationErrors errors) where TKey : class
    {
        if (cursor is null) return null;
        var signed = Verify(cursor);
        if (signed is null)
        {
            errors.Add("cursor", Forged);
            return null;
        }
        try
        {
            var envelope = JsonSerializer.Deserialize<Envelope<TKey>>(signed, Strict);
            if (envelope is not null && envelope.List == Tag(list) && envelope.Key is not null) return envelope.Key;
        }
        // Signed by this service, so it was made for some list: one whose key has another shape.
        catch (JsonException) { }
        errors.Add("cursor", OtherList);
        return null;
    }

    /// <summary>The envelope a cursor signs; null unless the cursor is exactly as this service wrote it, signature and all.</summary>
    private static byte[]? Verify(string cursor)
    {
        if (cursor.Length > MaxChars) return null;
        byte[] bytes;
        try { bytes = Base64Url.DecodeFromChars(cursor); }
        catch (FormatException) { return null; }
        // The decoder forgives padding, white space and stray bits; a cursor is refused unless it is the one text written.
        if (bytes.Length <= 1 + MacBytes || bytes[0] != Version || Base64Url.EncodeToString(bytes) != cursor) return null;
        var signedLength = bytes.Length - MacBytes;
        Span<byte> expected = stackalloc byte[MacBytes];
        Sign(bytes.AsSpan(0, signedLength), expected);
        return CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(signedLength)) ? bytes[1..signedLength] : null;
    }

    private static void Sign(ReadOnlySpan<byte> data, Span<byte> mac)
    {
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Key.Bytes, data, full);
        full[..MacBytes].CopyTo(mac);
    }

    /// <summary>Every item of a keyset list, one page after another, for an export that streams the whole list.</summary>
    public static async IAsyncEnumerable<TItem> AllPages<TItem, TKey>(Func<TKey?, Task<Page<TItem>>> page, string list,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct) where TKey : class
    {
        TKey? after = null;
        while (true)
        {
            var next = await page(after);
            foreach (var item in next.Items) yield return item;
            if (next.NextCursor is null) yield break;
            ct.ThrowIfCancellationRequested();
            after = Decode<TKey>(next.NextCursor, list, new ValidationErrors())
                ?? throw new InvalidOperationException($"The {list} list could not read its own cursor.");
        }
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
