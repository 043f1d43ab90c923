using System.Text;
using StatementTracker.Api.Imports;

namespace StatementTracker.Api.Tests.Imports;

/// <summary>RFC 4180 records split by bytes: what a spreadsheet exports, and what a scraper cut off, both read record by record.</summary>
public class CsvReaderTests
{
    [Fact]
    public async Task QuotedLineBreaksStayInTheFieldAndLaterRecordsKeepTheLineTheyStartOn()
    {
        var rows = await Read("quote,n\n\"one\ntwo\",1\n\"three\r\nfour\",2\r\nfive,3\n");

        Assert.Equal([1L, 2L, 4L, 6L], rows.Select(r => r.Line));
        Assert.Equal(["one\ntwo", "1"], rows[1].Fields!);
        Assert.Equal(["three\r\nfour", "2"], rows[2].Fields!);
        Assert.Equal(["five", "3"], rows[3].Fields!);
    }

    [Fact]
    public async Task DoubledQuotesAreOneQuoteAndCommasInQuotesAreText()
    {
        var row = Assert.Single(await Read("\"He said \"\"no\"\", twice\",\"\",x,\n"));

        Assert.Equal(["He said \"no\", twice", "", "x", ""], row.Fields!);
    }

    [Fact]
    public async Task AQuoteInsideAnUnquotedFieldIsTakenLiterallyAndDoesNotSwallowTheNextRecord()
    {
        var rows = await Read("a 12\" pipe,x\nnext,y\n");

        Assert.Equal(["a 12\" pipe", "x"], rows[0].Fields!);
        Assert.Equal(["next", "y"], rows[1].Fields!);
    }

    [Fact]
    public async Task TextAfterAClosingQuoteIsAnErrorForThatRecordOnly()
    {
        var rows = await Read("\"quoted\"tail,x\nnext,y\n");

        Assert.Equal(new ImportError(1, "", "the record on line 1: field 1 has text after its closing quote; a quote inside a quoted field must be doubled (\"\")."), rows[0].Error);
        Assert.Equal(["next", "y"], rows[1].Fields!);
    }

    [Fact]
    public async Task AQuotedFieldLeftOpenAtTheEndOfTheFileCutsOffOnlyTheLastRecord()
    {
        var rows = await Read("Text,Tweet ID\r\n\"fine\",1\r\n\"\"\"@a_fan: “@a_show:Great");

        Assert.Equal(["fine", "1"], rows[1].Fields!);
        Assert.Equal(new ImportError(3, "", CsvReader.CutOffMessage), rows[2].Error);
        Assert.Equal("the record is cut off: a quoted field is not closed before the end of the file", CsvReader.CutOffMessage);
    }

    [Fact]
    public async Task BlankLinesAndAByteOrderMarkAreSkipped()
    {
        var rows = await Read("\uFEFFperson,quote\r\n\r\n\ntrump,hello\r\n");

        Assert.Equal(["person", "quote"], rows[0].Fields!);
        Assert.Equal(4, rows[1].Line);
    }

    [Fact]
    public async Task InvalidUtf8IsAnErrorForItsRecordAndTheNextIsStillRead()
    {
        var rows = await Read([.. "a,b\nok,\""u8, 0xFF, .. "\"\nnext,1\n"u8]);

        Assert.Equal("the record on line 2 is not valid UTF-8 at byte 5; save the file as UTF-8.", rows[1].Error!.Message);
        Assert.Equal(["next", "1"], rows[2].Fields!);
    }

    [Fact]
    public async Task ARecordOverTheLimitIsSkippedToItsEndEvenAcrossQuotedLineBreaks()
    {
        var rows = await Read("a,b\n\"long\nlong\nlong\",1\nnext,2\n", new ImportLimits(MaxRecordBytes: 10));

        Assert.Equal("the record on line 2 is 18 bytes long, more than the 10 bytes one record may have; it was skipped unread.", rows[1].Error!.Message);
        Assert.Equal(5, rows[2].Line);
        Assert.Equal(["next", "2"], rows[2].Fields!);
    }

    [Fact]
    public async Task ReadingOneByteAtATimeGivesTheSameRowsAsReadingAllAtOnce()
    {
        var text = "\uFEFFquote,saidAt\r\n\"Путин и я, \"\"cyber\"\"\r\n😀\",2017-07-09\r\n\r\nbad\"x,\"y\"z\nlast,\"open";
        var whole = await Read(text);

        foreach (var size in new[] { 1, 2, 3, 5 })
        {
            var chunked = await CsvReader.ReadAsync(ChunkedStream.Of(text, size), ImportLimits.Default).ToListAsync();
            Assert.Equal(Describe(whole), Describe(chunked));
        }
        Assert.Equal("Путин и я, \"cyber\"\r\n😀", whole[1].Fields![0]);
        Assert.Equal([1L, 2L, 5L, 6L], whole.Select(r => r.Line));
        Assert.NotNull(whole[2].Error);
        Assert.Equal(CsvReader.CutOffMessage, whole[3].Error!.Message);
    }

    private static string Describe(IEnumerable<CsvRow> rows) =>
        string.Join("\n", rows.Select(r => $"{r.Line} [{string.Join("|", r.Fields ?? [])}] {r.Error}"));

    private static Task<List<CsvRow>> Read(string text, ImportLimits? limits = null) => Read(Encoding.UTF8.GetBytes(text), limits);

    private static async Task<List<CsvRow>> Read(byte[] bytes, ImportLimits? limits = null) =>
        await CsvReader.ReadAsync(new MemoryStream(bytes), limits ?? ImportLimits.Default).ToListAsync();
}
