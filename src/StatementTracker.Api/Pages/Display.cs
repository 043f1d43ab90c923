using System.Globalization;
using StatementTracker.Api.Infrastructure;

namespace StatementTracker.Api.Pages;

/// <summary>
/// How the pages put values into words: dates as the speaker's own clock read them, durations between statements,
/// and the API's codes (half_flip, leans_support, press_conference) as labels. Pure, so it is unit-tested.
/// </summary>
public static class Display
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>
    /// A saidAt for reading, at the precision it was recorded: "2017", "July 2017", "9 July 2017", or
    /// "9 July 2017, 07:50 (UTC−04:00)" in the speaker's own time and offset.
    /// </summary>
    public static string When(string saidAt)
    {
        if (!PartialDate.TryParse(saidAt, out var date, out _)) return saidAt;
        return date!.Precision switch
        {
            DatePrecision.Year => date.Start.Year.ToString(CultureInfo.InvariantCulture),
            DatePrecision.Month => date.Start.ToString("MMMM yyyy", English),
            DatePrecision.Day => date.Start.ToString("d MMMM yyyy", English),
            _ => $"{Local(date):d MMMM yyyy, HH:mm} ({Offset(date.Offset!.Value)})",
        };
    }

    /// <summary>
    /// The speaker's own day (or month, or year) a statement belongs to, for grouping a timeline: a time is read in its
    /// recorded offset, so a tweet at 20:45 in New York on 9 July is 9 July although it was 10 July in UTC.
    /// </summary>
    public static (string Key, string Label) Day(string saidAt)
    {
        if (!PartialDate.TryParse(saidAt, out var date, out _)) return (saidAt, saidAt);
        return date!.Precision switch
        {
            DatePrecision.Year => (saidAt[..4], When(saidAt[..4])),
            DatePrecision.Month => (saidAt[..7], When(saidAt[..7])),
            DatePrecision.Day => (saidAt, date.Start.ToString("dddd d MMMM yyyy", English)),
            _ => (Local(date).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Local(date).ToString("dddd d MMMM yyyy", English)),
        };
    }

    /// <summary>
    /// Statements in timeline order, grouped by <see cref="Day"/>: each run of the same day is one group, so the order
    /// stays the timeline's even where a late-evening statement sorts after the next day's undated ones.
    /// </summary>
    public static List<(string Key, string Label, List<T> Items)> ByDay<T>(IEnumerable<T> items, Func<T, string> saidAt)
    {
        var groups = new List<(string Key, string Label, List<T> Items)>();
        foreach (var item in items)
        {
            var (key, label) = Day(saidAt(item));
            if (groups.Count == 0 || groups[^1].Key != key) groups.Add((key, label, []));
            groups[^1].Items.Add(item);
        }
        return groups;
    }

    /// <summary>An offset as people write it, with a true minus sign: UTC−04:00, UTC+05:30, UTC±00:00 for zero.</summary>
    public static string Offset(TimeSpan offset)
    {
        var sign = offset < TimeSpan.Zero ? "−" : offset == TimeSpan.Zero ? "±" : "+";
        return $"UTC{sign}{offset.Duration():hh\\:mm}";
    }

    /// <summary>Seconds between an earlier and a later statement in words: "13 hours later", "2 days later", "3 years later".</summary>
    public static string Later(long seconds)
    {
        if (seconds <= 0) return "at the same time";
        var span = TimeSpan.FromSeconds(seconds);
        return span.TotalMinutes < 1 ? Count(seconds, "second")
            : span.TotalHours < 1 ? Count((long)Math.Round(span.TotalMinutes), "minute")
            : span.TotalHours < 47.5 ? Count((long)Math.Round(span.TotalHours), "hour")
            : span.TotalDays < 13.5 ? Count((long)Math.Round(span.TotalDays), "day")
            : span.TotalDays < 61 ? Count((long)Math.Round(span.TotalDays / 7), "week")
            : span.TotalDays < 730 ? Count((long)Math.Round(span.TotalDays / 30.44), "month")
            : Count((long)Math.Round(span.TotalDays / 365.25), "year");

        static string Count(long n, string unit) => $"{n} {unit}{(n == 1 ? "" : "s")} later";
    }

    /// <summary>A code of the API as words: leans_support is "leans support", press_conference "press conference".</summary>
    public static string Words(string code) => code.Replace('_', ' ');

    /// <summary>
    /// A link's relation read from one end: "Reverses" from the later statement (outgoing), "Reversed by" from the
    /// earlier one (incoming).
    /// </summary>
    public static string Relation(string relation, bool outgoing) => (relation, outgoing) switch
    {
        ("reverses", true) => "Reverses",
        ("reverses", false) => "Reversed by",
        ("walks_back", true) => "Walks back",
        ("walks_back", false) => "Walked back by",
        ("clarifies", true) => "Clarifies",
        ("clarifies", false) => "Clarified by",
        ("reaffirms", true) => "Reaffirms",
        ("reaffirms", false) => "Reaffirmed by",
        ("repeats", true) => "Repeats",
        ("repeats", false) => "Repeated by",
        ("responds_to", true) => "Responds to",
        ("responds_to", false) => "Answered by",
        ("contradicts", true) => "Contradicts",
        ("contradicts", false) => "Contradicted by",
        ("supports", true) => "Supports",
        ("supports", false) => "Supported by",
        _ => Words(relation),
    };

    /// <summary>The Flip-O-Meter's own names for its ratings.</summary>
    public static string Flip(string flip) => flip switch
    {
        "full_flop" => "Full Flop",
        "half_flip" => "Half Flip",
        "no_flip" => "No Flip",
        _ => Words(flip),
    };

    /// <summary>The start of a long text, cut at a word boundary near <paramref name="length"/> characters, with "…".</summary>
    public static string Shorten(string text, int length)
    {
        if (text.Length <= length) return text;
        var cut = text[..length];
        var space = cut.LastIndexOf(' ');
        if (space > length / 2) cut = cut[..space];
        if (char.IsHighSurrogate(cut[^1])) cut = cut[..^1];
        return cut.TrimEnd() + "…";
    }

    private static DateTime Local(PartialDate date) => date.Start + (date.Offset ?? TimeSpan.Zero);
}
