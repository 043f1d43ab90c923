using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StatementTracker.Api.Caching;

namespace StatementTracker.Api.Tests.Caching;

/// <summary>An answer taken "now" is kept with its instant cut out and answered with another written in (Caching/ReadCache.cs).</summary>
public sealed class ClockHoleTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly DateTime Taken = new DateTime(2026, 11, 30, 14, 10, 9, 123, DateTimeKind.Utc).AddTicks(4567);

    private static byte[] Body(DateTime asOf) =>
        Encoding.UTF8.GetBytes($$"""{"person":{"slug":"donald-j-trump","name":"Donald J. Trump"},"asOf":{{JsonSerializer.Serialize(asOf, Json)}},"items":[{"since":"2017-07-09T00:00:00Z"}],"nextCursor":null}""");

    [Fact]
    public void TheKeptBodyWithAnotherInstantWrittenInIsTheBodyTakenAtThatInstant()
    {
        var hole = ClockHole.Find(Body(Taken), Taken, 1, 2, "", Json)!;
        var later = Taken.AddSeconds(1).AddTicks(-4567);   // seven fraction digits become three: the length changes

        var (body, etag) = hole.At(Body(Taken), later, Json);

        Assert.Equal(Encoding.UTF8.GetString(Body(later)), Encoding.UTF8.GetString(body));
        Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..20]}\"", etag);
    }

    [Fact]
    public void AnInstantWrittenInAgainGivesTheSameBytesAndAnotherInstantItsOwn()
    {
        var hole = ClockHole.Find(Body(Taken), Taken, 1, 2, "3", Json)!;
        var later = Taken.AddMilliseconds(1);

        var first = hole.At(Body(Taken), later, Json);
        var again = hole.At(Body(Taken), later, Json);
        var next = hole.At(Body(Taken), later.AddMilliseconds(1), Json);

        Assert.Same(first.Body, again.Body);
        Assert.Equal(first.ETag, again.ETag);
        Assert.Equal(Encoding.UTF8.GetString(Body(later.AddMilliseconds(1))), Encoding.UTF8.GetString(next.Body));
        Assert.Equal($"\"3.{Convert.ToHexStringLower(SHA256.HashData(next.Body))[..20]}\"", next.ETag);
        Assert.NotEqual(first.ETag, next.ETag);
    }

    [Fact]
    public void AnAnswerThatDoesNotNameTheInstantExactlyOnceIsNotCutUp()
    {
        var twice = Encoding.UTF8.GetBytes($$"""{"asOf":{{JsonSerializer.Serialize(Taken, Json)}},"items":[{"asOf":{{JsonSerializer.Serialize(Taken, Json)}}}]}""");

        Assert.Null(ClockHole.Find(twice, Taken, 1, 2, "", Json));
        Assert.Null(ClockHole.Find(Body(Taken.AddTicks(1)), Taken, 1, 2, "", Json));
    }
}
