using System.Text;
using StatementTracker.Api.Imports;

namespace StatementTracker.Api.Tests.Imports;

/// <summary>The NDJSON reader works on bytes, so every test here is also a test of where one record ends and the next begins.</summary>
public class NdjsonReaderTests
{
    [Fact]
    public async Task BlankLinesAreSkippedButStillCountedInLineNumbers()
    {
        var lines = await Read("{\"a\":1}\n\n   \n{\"a\":2}\n\n");

        Assert.Equal([1L, 4L], lines.Select(l => l.Line));
        Assert.All(lines, l => Assert.Null(l.Error));
        Assert.Equal(2, (int)lines[1].Record!["a"]!);
    }

    [Fact]
    public async Task CrlfLineBreaksEndLinesAndTheCarriageReturnIsNotPartOfTheRecord()
    {
        var lines = await Read("{\"quote\":\"one\"}\r\n{\"quote\":\"two\"}\r\n");

        Assert.Equal(["one", "two"], lines.Select(l => (string)l.Record!["quote"]!));
    }

    [Fact]
    public async Task AByteOrderMarkAtTheStartIsSkipped()
    {
        var lines = await Read([0xEF, 0xBB, 0xBF, .. "{\"a\":1}\n"u8]);

        Assert.Null(Assert.Single(lines).Error);
    }

    [Fact]
    public async Task ALastLineWithoutALineBreakIsStillRead()
    {
        var lines = await Read("{\"a\":1}\n{\"a\":2}");

        Assert.Equal([1, 2], lines.Select(l => (int)l.Record!["a"]!));
    }

    [Fact]
    public async Task InvalidUtf8IsAnErrorForItsLineWithTheByteOffsetAndTheNextLineIsStillRead()
    {
        var lines = await Read([.. "{\"a\":1}\n{\"q\":\"ab"u8, 0xC3, 0x28, .. "\"}\n{\"a\":3}\n"u8]);

        Assert.Equal(3, lines.Count);
        Assert.Equal(2, lines[1].Line);
        Assert.Equal("line 2 is not valid UTF-8 at byte 9; save the file as UTF-8.", lines[1].Error!.Message);
        Assert.Equal(3, (int)lines[2].Record!["a"]!);
    }

    [Fact]
    public async Task ALineOverTheLimitIsSkippedWithAnErrorAndTheNextLineIsRead()
    {
        var huge = new byte[5 * 1024 * 1024];
        Array.Fill(huge, (byte)'x');
        "{\"quote\":\""u8.CopyTo(huge);

        var lines = await Read([.. huge, .. "\"}\n{\"a\":1}\n"u8]);

        Assert.Equal(2, lines.Count);
        Assert.Equal(1, lines[0].Error!.Line);
        Assert.Equal("line 1 is 5,242,882 bytes long, more than the 4,194,304 bytes one record may have; it was skipped unread.", lines[0].Error!.Message);
        Assert.Equal(2, lines[1].Line);
        Assert.Equal(1, (int)lines[1].Record!["a"]!);
    }

    [Fact]
    public async Task ACutOffLastLineIsAnErrorForThatLineOnly()
    {
        var lines = await Read("{\"a\":1}\n{\"quote\":\"Putin & I discussed");

        Assert.Null(lines[0].Error);
        Assert.Equal(new ImportError(2, "", "line 2 is cut off: the file ends before its JSON object is complete."), lines[1].Error);
    }

    [Fact]
    public async Task AnObjectBrokenByALineBreakIsReportedAsIncompleteNotAsGarbage()
    {
        var lines = await Read("{\"quote\":\"a\",\n\"medium\":\"tweet\"}\n");

        Assert.Equal("line 1 ends before its JSON object is complete; a record must not contain a line break outside its strings.", lines[0].Error!.Message);
        Assert.StartsWith("line 2 is not a JSON object", lines[1].Error!.Message);
    }

    [Theory]
    [InlineData("{\"a\":1,}", "line 1 is not valid JSON at byte 8:")]
    [InlineData("{\"a\":tru}", "line 1 is not valid JSON at byte 9:")]
    [InlineData("{\"a\":1} {\"b\":2}", "line 1 is not valid JSON at byte 9:")]
    [InlineData("{'a':1}", "line 1 is not valid JSON at byte 2:")]
    public async Task ASyntaxErrorNamesTheLineAndTheBytePosition(string json, string message)
    {
        var line = Assert.Single(await Read(json + "\n"));

        Assert.StartsWith(message, line.Error!.Message);
        Assert.Null(line.Record);
    }

    [Theory]
    [InlineData("[{\"a\":1}]", "an array")]
    [InlineData("\"quote\"", "a string")]
    [InlineData("42", "a number")]
    [InlineData("null", "null")]
    public async Task ALineThatIsNotAnObjectIsAnError(string json, string found)
    {
        var line = Assert.Single(await Read(json + "\n"));

        Assert.Equal($"line 1 is not a JSON object: each line must hold one object {{...}}, not {found}.", line.Error!.Message);
    }

    [Fact]
    public async Task APropertyGivenTwiceIsAnErrorNamingItsPath()
    {
        var lines = await Read("{\"quote\":\"a\",\"quote\":\"b\"}\n{\"sources\":[{\"url\":\"x\"},{\"url\":\"y\",\"url\":\"z\"}]}\n{\"a\":{\"x\":1},\"b\":{\"x\":1}}\n");

        Assert.Equal("quote", lines[0].Error!.Field);
        Assert.Equal("line 1 has the property \"quote\" more than once; a name may appear only once in an object.", lines[0].Error!.Message);
        Assert.Equal("sources[1].url", lines[1].Error!.Field);
        Assert.Null(lines[2].Error);
    }

    [Fact]
    public async Task NestingDeeperThanTheLimitIsAnError()
    {
        static string Nested(int depth) => "{\"a\":" + new string('[', depth - 1) + new string(']', depth - 1) + "}";

        var lines = await Read(Nested(32) + "\n" + Nested(33) + "\n", new ImportLimits(MaxDepth: 32));

        Assert.Null(lines[0].Error);
        Assert.Equal("a" + string.Concat(Enumerable.Repeat("[0]", 31)), lines[1].Error!.Field);
        Assert.StartsWith("line 2 nests objects and arrays more than 32 levels deep", lines[1].Error!.Message);
    }

    [Fact]
    public async Task ValuesKeepTheirTypesAndNumbersTheirExactText()
    {
        var line = Assert.Single(await Read("{\"s\":\"caf\\u00e9 ☕\",\"n\":1.10,\"big\":12345678901234567890,\"t\":true,\"z\":null,\"o\":{\"a\":[1,\"x\"]}}\n"));

        Assert.Equal("{\"s\":\"café ☕\",\"n\":1.10,\"big\":12345678901234567890,\"t\":true,\"z\":null,\"o\":{\"a\":[1,\"x\"]}}",
            line.Record!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Fact]
    public async Task AnEscapedLoneSurrogateIsAnErrorNotACrash()
    {
        var line = Assert.Single(await Read("{\"quote\":\"\\ud800\"}\n"));

        Assert.StartsWith("line 1 has a string with an escape that is not a whole character", line.Error!.Message);
    }

    [Fact]
    public async Task ReadingOneByteAtATimeGivesTheSameLinesAsReadingAllAtOnce()
    {
        var text = "\uFEFF{\"quote\":\"Путин и я 😀\"}\r\n\r\n{\"a\":1,\"a\":2}\n{\"b\":[1,2]}\r\n{\"cut\":";
        var whole = await Read(text);

        foreach (var size in new[] { 1, 2, 3, 7 })
        {
            var chunked = await NdjsonReader.ReadAsync(ChunkedStream.Of(text, size), ImportLimits.Default).ToListAsync();
            Assert.Equal(Describe(whole), Describe(chunked));
        }
        Assert.Equal("Путин и я 😀", (string)whole[0].Record!["quote"]!);
        Assert.Equal([1L, 3L, 4L, 5L], whole.Select(l => l.Line));
    }

    [Fact]
    public async Task TheLimitOnRecordSizeHoldsAcrossChunkBoundaries()
    {
        var text = "{\"a\":\"0123456789\"}\n{\"a\":\"0123456789012\"}\r\n{\"a\":\"01234567890\"}\r\n";
        var limits = new ImportLimits(MaxRecordBytes: 19);

        var lines = await NdjsonReader.ReadAsync(ChunkedStream.Of(text, 4), limits).ToListAsync();

        Assert.Null(lines[0].Error);
        Assert.Equal("line 2 is 21 bytes long, more than the 19 bytes one record may have; it was skipped unread.", lines[1].Error!.Message);
        Assert.Null(lines[2].Error);
    }

    private static string Describe(IEnumerable<ImportLine> lines) =>
        string.Join("\n", lines.Select(l => $"{l.Line} {l.Record?.ToJsonString()} {l.Error}"));

    private static Task<List<ImportLine>> Read(string text, ImportLimits? limits = null) => Read(Encoding.UTF8.GetBytes(text), limits);

    private static async Task<List<ImportLine>> Read(byte[] bytes, ImportLimits? limits = null) =>
        await NdjsonReader.ReadAsync(new MemoryStream(bytes), limits ?? ImportLimits.Default).ToListAsync();
}
