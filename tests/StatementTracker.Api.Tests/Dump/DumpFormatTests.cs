using StatementTracker.Api.Dump;
using static StatementTracker.Api.Dump.DumpFormat;

namespace StatementTracker.Api.Tests.Dump;

/// <summary>Reading one line of a dump: pure code, so plain unit tests.</summary>
public class DumpFormatTests
{
    [Fact]
    public void ARowLineGivesItsValuesAsSqliteStoresThemInTheTablesColumnOrder()
    {
        var line = Parse("""{"row":{"valid_to_ms":null,"id":3,"earlier_id":"st_a","later_id":"st_b","person_id":"per_a","later_sort":1499599882000,"later_rank":4,"flip":"half_flip","link_id":null,"relation":null,"stances":"[]","valid_from_ms":1.5},"table":"reversals"}""");

        var row = Assert.IsType<RowLine>(line);
        Assert.Same(DumpStore.Find("reversals"), row.Table);
        Assert.Equal<object?>([3L, "st_a", "st_b", "per_a", 1499599882000L, 4L, "half_flip", null, null, "[]", 1.5, null], row.Values);
    }

    [Fact]
    public void AHeaderOfAnotherFormatIsReadForItsNumberWhateverElseItHolds()
    {
        var header = Assert.IsType<HeaderLine>(Parse("""{"type":"dump","format":2,"chunks":4}"""));

        Assert.Equal(2, header.Format);
    }

    [Theory]
    [InlineData("""{"table":"people","row":{"id":"per_a","id":"per_b"}}""", "not JSON")]
    [InlineData("""{"table":"people","row":{},"note":"hand-edited"}""", "a row line has a field \"note\"")]
    [InlineData("""{"type":"dump","format":1,"schemaVersion":11,"exportedAt":"2026-11-30T09:00:00.000Z","tables":[],"by":"me"}""", "the header has a field \"by\"")]
    [InlineData("""{"type":"end","counts":{"people":"7"}}""", "no whole number \"people\"")]
    [InlineData("""{"type":"end","counts":{"keys":1}}""", "counts 'keys', which is not a table a dump holds")]
    [InlineData("""{"type":"start"}""", "\"type\" is \"start\"")]
    [InlineData("""["people"]""", "a JSON array, not an object")]
    [InlineData("""{"table":"revisions","row":{"snapshot":{"quote":"x"}}}""", "revisions.snapshot is a JSON object")]
    [InlineData("""{"table":"revisions","row":{"seq":1e400}}""", "revisions.seq is a number SQLite cannot hold")]
    public void ALineAFormat1DumpCannotHoldIsRefusedWithTheReason(string text, string says)
    {
        var refused = Assert.Throws<BadLineException>(() => Parse(text));

        Assert.Contains(says, refused.Message);
    }
}
