using StatementTracker.Api.Imports;

namespace StatementTracker.Api.Tests.Imports;

/// <summary>Dataset text is tidied the same way in every mapping: spacing normalized, wording and punctuation kept.</summary>
public class ImportTextTests
{
    [Theory]
    [InlineData("a\r\nb\rc\nd", "a\nb\nc\nd")]
    [InlineData("  one \u00A0 two\u2009three\t four  ", "one two three four")]
    [InlineData("\r\n\r\n  first  \r\n\r\n  second \r\n ", "first\n\nsecond")]
    [InlineData("“Curly” ‘quotes’ — and dashes", "“Curly” ‘quotes’ — and dashes")]
    public void NormalizingMakesOneKindOfLineBreakAndSingleSpacesAndKeepsTheWording(string text, string normalized)
    {
        Assert.Equal(normalized, ImportText.Normalize(text));
    }

    [Theory]
    [InlineData("short text", 10, "short text")]
    [InlineData("one two three four", 12, "one two…")]
    [InlineData("one two three four", 8, "one two…")]
    [InlineData("abcdefghijklmnop", 8, "abcdefg…")]
    [InlineData("one, two three", 6, "one…")]
    [InlineData("😀😀😀😀😀", 4, "😀😀😀…")]
    public void CuttingKeepsWholeWordsAndCharactersAndAddsAnEllipsisWithinTheLimit(string text, int max, string cut)
    {
        Assert.Equal(cut, ImportText.CutAtWord(text, max));
    }
}
