using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using StatementTracker.Api.Data;
using StatementTracker.Api.Infrastructure;

namespace StatementTracker.Api.Caching;

/// <summary>
/// Answers to reads kept in memory, each under the data version (<see cref="DataVersion"/>) read before its handler
/// ran, and served only while the database is still at that version: a write anywhere, on any node, makes every
/// answer kept before it stale at once, and a stale answer is simply not found. What is kept is exactly what the
/// handler answered: status 200, the body's bytes, and the headers the handler and the conditional-GET step set
/// (ETag, Cache-Control, Vary, Content-Type); the security and CORS headers are added again for each answer, as for
/// any other. The memory is bounded (<see cref="StatementTrackerOptions.ReadCacheBytes"/>), least recently used first
/// out, and one answer larger than <see cref="MaxEntryBytes"/> is never kept.
/// </summary>
public sealed class ReadCache : IDisposable
{
    /// <summary>No answer larger than this is kept, whatever the budget: one such answer would push out hundreds.</summary>
    public const int MaxEntryCeiling = 1024 * 1024;

    private readonly MemoryCache? _entries;
    private readonly JsonSerializerOptions _json;
    private long _hits;
    private long _misses;
    private long _kept;

    public ReadCache(IOptions<StatementTrackerOptions> options, DataVersion version, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        Version = version;
        _json = json.Value.SerializerOptions;
        Budget = Math.Max(0, options.Value.ReadCacheBytes);
        MaxEntryBytes = (int)Math.Min(MaxEntryCeiling, Budget / 16);
        if (Budget > 0)
            _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = Budget, CompactionPercentage = 0.25, TrackStatistics = true });
    }

    /// <summary>The database's version, read per request.</summary>
    public DataVersion Version { get; }

    /// <summary>Bytes the kept answers may take in all (bodies, headers and bookkeeping); 0 turns the cache off.</summary>
    public long Budget { get; }

    /// <summary>The largest answer kept: a sixteenth of the budget, and never over <see cref="MaxEntryCeiling"/>.</summary>
    public int MaxEntryBytes { get; }

    public bool Enabled => _entries is not null;

    /// <summary>What the cache has done since the service started: for tests and diagnostics, never part of an answer.</summary>
    public ReadCacheStatistics Statistics => new(Interlocked.Read(ref _hits), Interlocked.Read(ref _misses), Interlocked.Read(ref _kept),
        _entries?.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0, _entries?.Count ?? 0);

    /// <summary>
    /// Whether the request is a read the cache may answer: GET or HEAD of the API (not an export or a stream, not the
    /// imports' progress, which moves on without waiting for a reader) or of a page. The same reads get ETags
    /// (<see cref="ConditionalGetMiddleware"/>); health probes and Swagger are not data.
    /// </summary>
    public static bool Covers(HttpContext context)
    {
        var request = context.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || context.GetEndpoint() is null) return false;
        if (request.Path.StartsWithSegments("/v1"))
        {
            if (request.Path.StartsWithSegments("/v1/imports")) return false;
        }
        else if (!HtmlPage.Is(context))
        {
            return false;
        }
        return !Exports.IsExport(context);
    }

    /// <summary>
    /// An answer that names the instant it was taken at, "now" (positions without asOf): kept with the instant cut
    /// out, served with the instant of each request written in, and only until the clock passes the next time a
    /// statement is dated at, when the answer itself would change (<see cref="NextStatementInstantSql"/>). Call from
    /// the handler; the body must hold the instant once, as the JSON property <c>asOf</c>.
    /// </summary>
    public static void TakenNow(HttpContext http, DateTime instant) => http.Features.Set(new TakenAt(instant));

    /// <summary>Never keep this answer (it depends on something the data version does not count).</summary>
    public static void DoNotKeep(HttpContext http) => http.Features.Set(NotKept.Instance);

    /// <summary>
    /// The first time after <c>@afterMs</c> that any statement is dated at, retracted or not: until the clock reaches
    /// it, every comparison a read makes between "now" and the data comes out the same. Positions compare the clock
    /// with statement_positions.sort_utc_ms, which triggers keep equal to its statement's (migration 0004).
    /// </summary>
    internal const string NextStatementInstantSql = "SELECT MIN(sort_utc_ms) FROM statements WHERE sort_utc_ms > @afterMs";

    internal ReadEntry? Find(ReadKey key, long version, DateTime now)
    {
        if (_entries!.TryGetValue(key, out var found) && found is ReadEntry entry && entry.Version == version
            && (entry.Clock is not { } clock || (UtcText.ToUnixMs(now) >= clock.TakenMs && UtcText.ToUnixMs(now) < clock.ValidBeforeMs)))
            return entry;
        return null;
    }

    /// <summary>Answers with a kept entry: 200 with its headers and body, or 304 when If-None-Match names its ETag.</summary>
    internal Task ServeAsync(HttpContext context, ReadEntry entry, DateTime now)
    {
        Interlocked.Increment(ref _hits);
        var (body, etag) = entry.Clock is { } clock ? clock.At(entry.Body, now, _json) : (entry.Body, entry.ETag);
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        foreach (var (name, value) in entry.Headers) response.Headers[name] = value;
        response.Headers.ETag = etag;
        if (ConditionalGetMiddleware.Matches(context.Request.Headers.IfNoneMatch.ToString(), etag))
        {
            NotModified(response);
            return Task.CompletedTask;
        }
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    /// <summary>
    /// Runs the rest of the pipeline (the conditional-GET step and the handler) for the whole answer, keeps it when it
    /// may be kept, then answers as the conditional-GET step would have: 304 when If-None-Match names its ETag.
    /// </summary>
    internal async Task FillAsync(HttpContext context, RequestDelegate next, ReadKey key, long version, bool anonymousAllowed)
    {
        Interlocked.Increment(ref _misses);
        var request = context.Request;
        var response = context.Response;
        // The whole answer is wanted even when the client has it already; the 304 is decided below, from the same ETag.
        var ifNoneMatch = request.Headers.IfNoneMatch;
        request.Headers.Remove(Microsoft.Net.Http.Headers.HeaderNames.IfNoneMatch);
        var original = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = original;
            if (ifNoneMatch.Count > 0) request.Headers.IfNoneMatch = ifNoneMatch;
        }
        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (response.StatusCode != StatusCodes.Status200OK)
        {
            await original.WriteAsync(body, context.RequestAborted);
            return;
        }
        var etag = response.Headers.ETag.ToString();
        if (await EntryAsync(context, body, etag, version, anonymousAllowed) is { } entry)
        {
            _entries!.Set(key, entry, new MemoryCacheEntryOptions { Size = entry.Size + key.Size });
            Interlocked.Increment(ref _kept);
        }
        if (ConditionalGetMiddleware.Matches(ifNoneMatch.ToString(), etag))
        {
            NotModified(response);
            return;
        }
        response.ContentLength = body.Length;
        await original.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>What the conditional-GET step does for a 304: no body, so neither its length nor its type.</summary>
    private static void NotModified(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status304NotModified;
        response.ContentLength = null;
        response.ContentType = null;
    }

    private async Task<ReadEntry?> EntryAsync(HttpContext context, ReadOnlyMemory<byte> body, string etag, long version, bool anonymousAllowed)
    {
        var headers = context.Response.Headers;
        if (body.Length > MaxEntryBytes || etag.Length == 0 || context.Features.Get<NotKept>() is not null || headers.ContainsKey("Set-Cookie")) return null;
        foreach (var directive in headers.CacheControl)
        {
            if (directive is not null && (directive.Contains("no-store", StringComparison.OrdinalIgnoreCase) || directive.Contains("private", StringComparison.OrdinalIgnoreCase))) return null;
        }
        var kept = headers.Where(h => Replayed(h.Key)).Select(h => new KeyValuePair<string, StringValues>(h.Key, h.Value)).ToArray();
        ClockHole? clock = null;
        if (context.Features.Get<TakenAt>() is { } taken)
        {
            var session = context.RequestServices.GetRequiredService<DbSession>();
            var takenMs = UtcText.ToUnixMs(taken.Instant);
            var next = await session.ExecuteScalarAsync<long?>(NextStatementInstantSql, new { afterMs = takenMs }, context.RequestAborted);
            clock = ClockHole.Find(body.Span, taken.Instant, takenMs, next ?? long.MaxValue, ConditionalGetMiddleware.OwnPart(etag), _json);
            if (clock is null) return null;
        }
        return new ReadEntry(version, body.ToArray(), etag, kept, anonymousAllowed, clock);
    }

    /// <summary>
    /// The headers a kept answer carries again. Not the ones the server or the outer steps add to every answer (the
    /// length, dates, security and CORS headers, added again for each), nor cookies (an answer with one is not kept).
    /// </summary>
    private static bool Replayed(string name) =>
        !(name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
          || name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase)
          || name.Equals("Date", StringComparison.OrdinalIgnoreCase) || name.Equals("Server", StringComparison.OrdinalIgnoreCase)
          || name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));

    public void Dispose() => _entries?.Dispose();

    private sealed record TakenAt(DateTime Instant);

    private sealed class NotKept
    {
        public static readonly NotKept Instance = new();
    }
}

/// <summary>Counts since start-up: answers served from the cache, answers made by their handler, answers kept; the bytes and entries held now.</summary>
public sealed record ReadCacheStatistics(long Hits, long Misses, long Kept, long Bytes, long Entries);

/// <summary>
/// What an answer is kept under: the request as the handler sees it, apart from its method (HEAD is the GET without
/// its body). The origin (links in feeds and pages are absolute), the path, the query string exactly as sent, and
/// Accept (which format). The caller's key is not part of it: no read answers differently by key, and whether the
/// key may read at all is decided before the cache is asked (see ReadCacheMiddleware).
/// </summary>
internal readonly record struct ReadKey(string Scheme, string Host, string PathBase, string Path, string Query, string Accept)
{
    public static ReadKey Of(HttpRequest request) => new(request.Scheme, request.Host.Value ?? "", request.PathBase.Value ?? "",
        request.Path.Value ?? "", request.QueryString.Value ?? "", request.Headers.Accept.ToString());

    /// <summary>Roughly what the key takes in memory.</summary>
    public long Size => 2L * (Scheme.Length + Host.Length + PathBase.Length + Path.Length + Query.Length + Accept.Length) + 96;
}

/// <summary>One kept answer: the version it was read at, its body and the headers it carried.</summary>
internal sealed class ReadEntry(long version, byte[] body, string etag, KeyValuePair<string, StringValues>[] headers, bool anonymousAllowed, ClockHole? clock)
{
    public long Version { get; } = version;
    public byte[] Body { get; } = body;
    public string ETag { get; } = etag;
    public KeyValuePair<string, StringValues>[] Headers { get; } = headers;

    /// <summary>Whether a request with no key may have it: nothing in the pipeline would have refused one.</summary>
    public bool AnonymousAllowed { get; } = anonymousAllowed;

    public ClockHole? Clock { get; } = clock;

    // An answer taken "now" also holds the body last written with an instant (ClockHole), so it counts twice.
    public long Size { get; } = body.Length * (clock is null ? 1L : 2L) + headers.Sum(h => 2L * (h.Key.Length + h.Value.ToString().Length) + 32) + 160;
}

/// <summary>
/// Where an answer taken "now" names its instant (the JSON property asOf), the instant it was taken at and the first
/// instant at which the answer would change: the answer for any time between the two is the kept body with that
/// time written in.
/// </summary>
internal sealed record ClockHole(int Start, int Length, long TakenMs, long ValidBeforeMs, string OwnTag)
{
    private static readonly byte[] Property = "\"asOf\":"u8.ToArray();

    public static ClockHole? Find(ReadOnlySpan<byte> body, DateTime instant, long takenMs, long validBeforeMs, string ownTag, JsonSerializerOptions json)
    {
        var value = JsonSerializer.SerializeToUtf8Bytes(instant, json);
        var needle = new byte[Property.Length + value.Length];
        Property.CopyTo(needle, 0);
        value.CopyTo(needle, Property.Length);
        var at = body.IndexOf(needle);
        // Exactly once, or the answer is not cut up: which one would be the instant could not be told.
        if (at < 0 || body[(at + needle.Length)..].IndexOf(needle) >= 0) return null;
        return new ClockHole(at + Property.Length, value.Length, takenMs, validBeforeMs, ownTag);
    }

    // The last instant written in, with its body and ETag: a busy page is asked for many times within a millisecond
    // (the grain of "now"), and hashing a 40 KB answer again for each cost more than the rest of serving it.
    private Stamped? _last;

    private sealed record Stamped(DateTime Instant, byte[] Body, string ETag);

    /// <summary>The body as it would be answered at <paramref name="now"/>, and its ETag.</summary>
    public (byte[] Body, string ETag) At(byte[] kept, DateTime now, JsonSerializerOptions json)
    {
        if (Volatile.Read(ref _last) is { } last && last.Instant == now) return (last.Body, last.ETag);
        var value = JsonSerializer.SerializeToUtf8Bytes(now, json);
        var body = new byte[kept.Length - Length + value.Length];
        kept.AsSpan(0, Start).CopyTo(body);
        value.CopyTo(body.AsSpan(Start));
        kept.AsSpan(Start + Length).CopyTo(body.AsSpan(Start + value.Length));
        var stamped = new Stamped(now, body, ConditionalGetMiddleware.EntityTag(OwnTag, body));
        Volatile.Write(ref _last, stamped);
        return (stamped.Body, stamped.ETag);
    }
}
