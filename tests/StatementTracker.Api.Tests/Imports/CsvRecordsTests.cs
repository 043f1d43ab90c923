using System.Text;
using System.Text.Json.Nodes;
using StatementTracker.Api.Imports;

namespace StatementTracker.Api.Tests.Imports;

/// <summary>A header of JSON paths turns each CSV row into the object an NDJSON line would hold.</summary>
public class CsvRecordsTests
{
    [Fact]
    public async Task PathHeadersBuildNestedObjectsAndArraysOfStrings()
    {
        var lines = await Read("""
            type,person,quote,saidAt,sources[0].url,sources[0].title,sources[1].url,positions[0].topic,positions[0].stance,publisher.name
            statement,donald-j-trump,"Putin & I discussed",2017-07-09,https://a.example/1,A,https://a.example/2,cyber,supports,PolitiFact
            """);

        Assert.Equal(2, lines.Single().Line);
        Assert.Equal(
            """{"type":"statement","person":"donald-j-trump","quote":"Putin & I discussed","saidAt":"2017-07-09","sources":[{"url":"https://a.example/1","title":"A"},{"url":"https://a.example/2"}],"positions":[{"topic":"cyber","stance":"supports"}],"publisher":{"name":"PolitiFact"}}""",
            Json(lines[0].Record));
    }

    [Fact]
    public async Task EmptyCellsAreAbsentAndGapsInArraysCloseUpInIndexOrder()
    {
        var lines = await Read("""
            quote,sources[2].url,sources[0].url,sources[1].url,sources[1].title,publisher.name
            hello,https://c.example,,https://b.example,,
            """);

        Assert.Equal("""{"quote":"hello","sources":[{"url":"https://b.example"},{"url":"https://c.example"}]}""", Json(lines[0].Record));
    }

    [Fact]
    public async Task TopicsAndAliasesAreSplitOnSemicolonsTrimmedAndEmptyPartsDropped()
    {
        var lines = await Read("quote,topics,aliases,venue\nx, immigration ;;trade; ,Donald J. Trump;The Donald,a;b\ny,; ,,\n");

        Assert.Equal("""{"quote":"x","topics":["immigration","trade"],"aliases":["Donald J. Trump","The Donald"],"venue":"a;b"}""", Json(lines[0].Record));
        Assert.Equal("""{"quote":"y"}""", Json(lines[1].Record));
    }

    [Fact]
    public async Task ARowWithMoreFieldsThanTheHeaderIsAnErrorAndFewerLeaveTheRestAbsent()
    {
        var lines = await Read("person,quote,medium\na,b,c,d\na,b\n");

        Assert.Equal(new ImportError(2, "", "the record on line 2 has 4 fields but the header has 3 columns."), lines[0].Error);
        Assert.Equal("""{"person":"a","quote":"b"}""", Json(lines[1].Record));
    }

    [Theory]
    [InlineData("person,,quote", "column 2 has no name; every column needs a field path such as quote or sources[0].url.")]
    [InlineData("person,sources[].url", "column 2, 'sources[].url', is not a field path such as quote, sources[0].url or publisher.name.")]
    [InlineData("person,sources..url", "column 2, 'sources..url', is not a field path")]
    [InlineData("person,2quote", "column 2, '2quote', is not a field path")]
    [InlineData("person,sources[01].url", "column 2, 'sources[01].url', is not a field path")]
    [InlineData("quote,person, quote", "columns 1 and 3 both name 'quote'.")]
    [InlineData("sources[0].url,sources", "column 2, 'sources', clashes with column 1, 'sources[0].url'")]
    [InlineData("publisher,publisher.name", "column 2, 'publisher.name', clashes with column 1, 'publisher'")]
    [InlineData("sources[0],sources[0].url", "column 2, 'sources[0].url', clashes with column 1, 'sources[0]'")]
    [InlineData("topics,topics[0]", "column 2, 'topics[0]', clashes with column 1, 'topics'")]
    public async Task AHeaderThatCannotBeUsedIsOneErrorForLineOneAndNoRowIsRead(string header, string problem)
    {
        var line = Assert.Single(await Read(header + "\nx,y,z\nx,y,z\n"));

        Assert.Equal(1, line.Line);
        Assert.Equal("", line.Error!.Field);
        Assert.StartsWith("the header cannot be used: ", line.Error.Message);
        Assert.Contains(problem, line.Error.Message);
    }

    [Fact]
    public async Task AnEmptyFileIsOneErrorAndAnUnreadableRowIsAnErrorForThatRowOnly()
    {
        Assert.Equal(CsvRecords.NoHeader, Assert.Single(await Read("\r\n\r\n")).Error!.Message);

        var lines = await Read("quote\n\"ok\"\n\"bad\"x\n\"cut");
        Assert.Equal(["ok"], lines.Where(l => l.Record is not null).Select(l => (string)l.Record!["quote"]!));
        Assert.Equal([3L, 4L], lines.Where(l => l.Error is not null).Select(l => l.Error!.Line));
    }

    [Fact]
    public async Task ReadingInSmallChunksBuildsTheSameRecords()
    {
        var text = "\uFEFFperson,quote,sources[0].url,topics\r\ntrump,\"Line one\r\nline two, \"\"quoted\"\"\",https://x.example,a;b\r\n";

        var lines = await CsvRecords.ReadAsync(ChunkedStream.Of(text, 3), ImportLimits.Default).ToListAsync();

        Assert.Equal("""{"person":"trump","quote":"Line one\r\nline two, \"quoted\"","sources":[{"url":"https://x.example"}],"topics":["a","b"]}""", Json(lines.Single().Record));
    }

    private static string? Json(JsonObject? record) =>
        record?.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static async Task<List<ImportLine>> Read(string text) =>
        await CsvRecords.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), ImportLimits.Default).ToListAsync();
}
