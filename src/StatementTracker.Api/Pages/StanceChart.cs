using System.Globalization;
using System.Text;
using StatementTracker.Api.Positions;

namespace StatementTracker.Api.Pages;

/// <summary>One statement's stance on one topic, as the chart plots it.</summary>
/// <param name="At">The UTC instant the statement covers (the start of its day when it has no time).</param>
public sealed record StancePoint(string Topic, string TopicName, DateTime At, string Stance, string StatementId, string SaidAt);

/// <summary>A dot on the chart: one statement, with what a tooltip says about it.</summary>
public sealed record ChartDot(double X, double Y, string Label, string StatementId);

/// <summary>One topic's line: a step line (a stance holds until the next statement) through its dots.</summary>
/// <param name="Index">Which of the series styles it takes: colour and dash both differ, so colour is never the only cue.</param>
public sealed record ChartSeries(string Topic, string Name, int Index, string Path, IReadOnlyList<ChartDot> Dots);

/// <summary>A label on an axis, at a position along it.</summary>
public sealed record ChartTick(double Position, string Label);

/// <summary>A change of stance, for the chart's text alternative: from one statement to the next that differs.</summary>
public sealed record ChartChange(string TopicName, string From, string To, string FromSaidAt, string ToSaidAt, string ToStatementId, string Flip);

/// <summary>
/// A person's stance on each topic over time, drawn on the server as SVG: time runs left to right, the stance scale
/// top (supports) to bottom (opposes), one step line per topic. Pure: points in, geometry and words out, so the
/// scales, the points and the text alternative are unit-tested without a browser. The words (<see cref="Summary"/>
/// and <see cref="Changes"/>) say everything the picture shows, for readers who cannot see it.
/// </summary>
public sealed record StanceChart(IReadOnlyList<ChartSeries> Series, IReadOnlyList<ChartTick> TimeTicks, IReadOnlyList<ChartTick> StanceTicks,
    IReadOnlyList<ChartChange> Changes, string Summary, int OmittedTopics)
{
    /// <summary>Changes left out of <see cref="Changes"/> (the oldest), when there were more than <see cref="MaxChanges"/>.</summary>
    public int OmittedChanges { get; init; }

    // Narrow on purpose: the picture scales to the screen, and on a phone a wider one would shrink its labels to nothing.
    public const double Width = 480;
    public const double Left = 96;
    public const double Right = 16;
    public const double Top = 14;
    public const double RowHeight = 30;
    public const double Bottom = 36;
    public static double Height => Top + RowHeight * (Stances.Scale.Length - 1) + Bottom;
    public static double PlotBottom => Top + RowHeight * (Stances.Scale.Length - 1);

    /// <summary>The table of changes lists at most this many, the most recent; the description still counts them all.</summary>
    public const int MaxChanges = 20;

    /// <summary>Topics beyond this many are left off the picture (the most recent ones are drawn) but stay in the words.</summary>
    public const int MaxSeries = 6;

    /// <summary>The stance's row: supports at the top (0), opposes at the bottom.</summary>
    public static double StanceY(string stance)
    {
        var row = Array.IndexOf(Stances.Scale, stance);
        if (row < 0) throw new ArgumentOutOfRangeException(nameof(stance), stance, "not a stance of the scale");
        return Top + RowHeight * row;
    }

    /// <summary>
    /// Where an instant falls between the plot's left and right edges. A single instant (or a span of none) sits in the
    /// middle, so one statement is a dot in the centre rather than at an edge.
    /// </summary>
    public static double TimeX(DateTime at, DateTime first, DateTime last)
    {
        var span = (last - first).Ticks;
        if (span <= 0) return Left + (Width - Left - Right) / 2;
        return Left + (Width - Left - Right) * ((at - first).Ticks / (double)span);
    }

    /// <summary>The chart of these stances (each topic's in timeline order); null when there are none.</summary>
    public static StanceChart? Of(IReadOnlyList<StancePoint> points)
    {
        if (points.Count == 0) return null;
        var topics = points.GroupBy(p => p.Topic).Select(g => g.ToList())
            // The topics spoken on most recently first: those are drawn when there are too many to draw.
            .OrderByDescending(g => g[^1].At).ThenBy(g => g[0].Topic, StringComparer.Ordinal).ToList();
        var drawn = topics.Take(MaxSeries).ToList();
        var first = drawn.Min(g => g[0].At);
        var last = drawn.Max(g => g[^1].At);

        var series = drawn.Select((topic, index) =>
        {
            var dots = Turns(topic).Select(p => new ChartDot(Round(TimeX(p.At, first, last)), StanceY(p.Stance),
                $"{p.TopicName}: {Display.Words(p.Stance)}, {Display.When(p.SaidAt)}", p.StatementId)).ToList();
            return new ChartSeries(topic[0].Topic, topic[0].TopicName, index, StepPath(dots), dots);
        }).ToList();

        var allChanges = topics.SelectMany(topic => topic.Zip(topic.Skip(1))
                .Where(pair => Stances.Flip(pair.First.Stance, pair.Second.Stance) != Stances.NoFlip)
                .Select(pair => (pair.Second.At, Change: new ChartChange(pair.First.TopicName, pair.First.Stance, pair.Second.Stance,
                    pair.First.SaidAt, pair.Second.SaidAt, pair.Second.StatementId, Stances.Flip(pair.First.Stance, pair.Second.Stance)))))
            .ToList();
        // The most recent changes when there are too many for one page, listed by topic and in time order as ever.
        var recent = allChanges;
        if (allChanges.Count > MaxChanges)
        {
            var kept = allChanges.OrderByDescending(c => c.At).Take(MaxChanges).ToHashSet();
            recent = allChanges.Where(kept.Contains).ToList();
        }
        var changes = recent.Select(c => c.Change).ToList();

        var stanceTicks = Stances.Scale.Select(s => new ChartTick(StanceY(s), Display.Words(s))).ToList();
        return new StanceChart(series, TimeAxis(first, last), stanceTicks, changes, Describe(topics), topics.Count - drawn.Count)
        {
            OmittedChanges = allChanges.Count - changes.Count,
        };
    }

    /// <summary>
    /// The statements that shape a topic's line: the first, each that changes the stance, and the last (to carry the
    /// line to the latest time the stance was stated). Repeats of a stance in between add nothing to the picture, and
    /// leaving them out keeps a prolific speaker's page light.
    /// </summary>
    public static IEnumerable<StancePoint> Turns(IReadOnlyList<StancePoint> topic) =>
        topic.Where((point, i) => i == 0 || i == topic.Count - 1 || point.Stance != topic[i - 1].Stance);

    /// <summary>
    /// The path of a step line: across at the old stance until the next statement, then up or down to the new one. A
    /// topic with one statement has no line, only its dot.
    /// </summary>
    public static string StepPath(IReadOnlyList<ChartDot> dots)
    {
        if (dots.Count < 2) return "";
        var path = new StringBuilder().Append(CultureInfo.InvariantCulture, $"M{dots[0].X:0.#} {dots[0].Y:0.#}");
        foreach (var dot in dots.Skip(1)) path.Append(CultureInfo.InvariantCulture, $" H{dot.X:0.#} V{dot.Y:0.#}");
        return path.ToString();
    }

    /// <summary>
    /// Labels along the time axis: the first and last instants and the middle one, worded for the span (times
    /// within two days, days within a year, months within five years, years beyond). Times are UTC: each statement
    /// has its own offset, and one axis can only have one.
    /// </summary>
    public static IReadOnlyList<ChartTick> TimeAxis(DateTime first, DateTime last)
    {
        var span = last - first;
        var format = span < TimeSpan.FromDays(2) ? "d MMM HH:mm" : span < TimeSpan.FromDays(366) ? "d MMM yyyy" : span < TimeSpan.FromDays(5 * 366) ? "MMM yyyy" : "yyyy";
        if (span <= TimeSpan.Zero) return [new ChartTick(TimeX(first, first, last), Label(first))];
        const int count = 3;
        var ticks = new List<ChartTick>();
        for (var i = 0; i < count; i++)
        {
            var at = first + span * (i / (double)(count - 1));
            var label = Label(at);
            if (ticks.Count > 0 && ticks[^1].Label == label) continue;
            ticks.Add(new ChartTick(Round(TimeX(at, first, last)), label));
        }
        return ticks;

        string Label(DateTime at) => at.ToString(format, CultureInfo.GetCultureInfo("en-GB")) + (format.Contains("HH") ? " UTC" : "");
    }

    /// <summary>
    /// The chart in words: for each topic, the first stance and every change after it, with dates. A topic that changed
    /// more than <see cref="DescribedChanges"/> times is summed up: how many changes, then the latest few.
    /// </summary>
    public static string Describe(IReadOnlyList<IReadOnlyList<StancePoint>> topics)
    {
        var text = new StringBuilder();
        text.Append(topics.Count == 1 ? "Stance on one topic over time. " : $"Stances on {topics.Count} topics over time. ");
        foreach (var topic in topics)
        {
            text.Append(CultureInfo.InvariantCulture, $"{topic[0].TopicName}: {Display.Words(topic[0].Stance)} from {Display.When(topic[0].SaidAt)}");
            var changes = topic.Zip(topic.Skip(1)).Where(p => Stances.Flip(p.First.Stance, p.Second.Stance) != Stances.NoFlip).ToList();
            if (changes.Count > DescribedChanges)
            {
                text.Append(CultureInfo.InvariantCulture, $", then {changes.Count - DescribedChanges} changes more");
                changes = changes[^DescribedChanges..];
            }
            foreach (var (before, after) in changes)
                text.Append(CultureInfo.InvariantCulture, $", then {Display.Words(after.Stance)} from {Display.When(after.SaidAt)} ({Display.Flip(Stances.Flip(before.Stance, after.Stance))})");
            text.Append(". ");
        }
        return text.ToString().TrimEnd();
    }

    /// <summary>How many of a topic's changes the description spells out; the table lists more.</summary>
    public const int DescribedChanges = 3;

    private static double Round(double value) => Math.Round(value, 1);
}
