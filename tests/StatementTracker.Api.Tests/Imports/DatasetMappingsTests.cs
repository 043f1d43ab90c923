using System.Text;
using StatementTracker.Api.Imports;

namespace StatementTracker.Api.Tests.Imports;

/// <summary>A dataset file read end to end: every row is accounted for as records or as one error.</summary>
public class DatasetMappingsTests
{
    private const string Liar2Header =
        "id,label,statement,date,subject,speaker,speaker_description,state_info,true_counts,mostly_true_counts,half_true_counts,mostly_false_counts,false_counts,pants_on_fire_counts,context,justification";

    [Fact]
    public async Task EachRowYieldsItsRecordsOrOneErrorAllWithTheRowsLine()
    {
        var csv = Liar2Header + "\r\n"
            + "1,0,\"Says the moon\r\nis cheese.\",\"May 2, 2019\",space;food,jane doe,\"Jane Doe is a senator.\",,0,0,0,0,0,0,a tweet,\"Not so.\"\r\n"
            + "2,1,\"Says \"\"all\"\" of it.\",\"May 3, 2019\",food,facebook posts,\"Posters on Facebook.\",,0,0,0,0,0,0,a post,No.\r\n"
            + "3,9,Says more.,\"May 4, 2019\",food,jane doe,Jane Doe.,,0,0,0,0,0,0,a speech,No.\r\n"
            + "4,5,Says less.,\"May 5, 2019\",food,jane doe,Jane Doe.,,0,0,0,0,0,0,a speech,Yes.,extra\r\n"
            + "5,4,\"Says cut";

        var lines = await DatasetMappings.ReadAsync("liar2", "test.csv", ChunkedStream.Of(csv, 3), ImportLimits.Default).ToListAsync();

        Assert.Equal(
            [
                "2 person", "2 topic", "2 topic", "2 statement", "2 review",
                "4 error speaker", "5 error label", "6 error ", "7 error ",
            ],
            lines.Select(l => l.Error is null ? $"{l.Line} {l.Record!["type"]}" : $"{l.Line} error {l.Error.Field}"));
        Assert.Equal("Says the moon\nis cheese.", (string)lines[3].Record!["quote"]!);
        Assert.Equal("the record on line 6 has 17 fields but the header has 16 columns.", lines[7].Error!.Message);
        Assert.Equal(CsvReader.CutOffMessage, lines[8].Error!.Message);
    }

    [Fact]
    public async Task AHeaderWithoutTheColumnsTheFormatNeedsIsOneErrorAndNoRowIsRead()
    {
        var lines = await Read("trump-tweets", "Text,Date,Favorites,Retweets\r\nhello,2017-07-09 06:50:24,1,2\r\n");

        Assert.Equal(new ImportError(1, "", "the header cannot be used: a trump-tweets file needs the columns 'Tweet ID', which it lacks."), Assert.Single(lines).Error);
    }

    [Fact]
    public async Task AHeaderNamingAColumnTwiceIsRefused()
    {
        var lines = await Read("trump-tweets", "Text,Date,Text,Tweet ID\r\nx,y,z,1\r\n");

        Assert.Equal("the header cannot be used: it names 'Text' more than once.", Assert.Single(lines).Error!.Message);
    }

    [Fact]
    public async Task TheTweetArchiveReadsToItsCutOffLastRecordAndCountsDatesThatDisagree()
    {
        var mapping = new TrumpTweetsMapping();
        var csv = "\uFEFFText,Date,Favorites,Retweets,Tweet ID\r\n"
            + "\"Line one\nline two  \",2017-07-09 06:50:24,1,2,884016887692234753\r\n"
            + "Later,2017-07-09 23:59:59,1,2,884211874518192128\r\n"
            + "\"\"\"@someone: “@other:Trump";

        var lines = await DatasetMappings.ReadAsync(mapping, new MemoryStream(Encoding.UTF8.GetBytes(csv)), ImportLimits.Default).ToListAsync();

        Assert.Equal([2L, 4L, 5L], lines.Select(l => l.Line));
        Assert.Equal("Line one\nline two", (string)lines[0].Record!["quote"]!);
        Assert.Equal(CsvReader.CutOffMessage, lines[2].Error!.Message);
        Assert.Equal(1, mapping.DatesDisagreeingWithId);
    }

    [Fact]
    public void AnUnknownFormatIsRefusedBeforeAnythingIsRead()
    {
        var error = Assert.Throws<ArgumentException>(() => DatasetMappings.ReadAsync("liar", "x.csv", Stream.Null, ImportLimits.Default));

        Assert.StartsWith("format must be one of: liar2, trump-tweets.", error.Message);
    }

    private static async Task<List<ImportLine>> Read(string format, string csv) =>
        await DatasetMappings.ReadAsync(format, "file.csv", new MemoryStream(Encoding.UTF8.GetBytes(csv)), ImportLimits.Default).ToListAsync();
}
