using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Topics;

namespace StatementTracker.Api.Positions;

public static class PositionRules
{
    /// <summary>
    /// The stance in effect after one person's stances on one topic, in timeline order: the last one, and since when
    /// it holds (the first statement of its unbroken run).
    /// </summary>
    public static PositionAt Current(IReadOnlyList<PositionStore.StanceRow> rows)
    {
        var last = rows[^1];
        var first = rows.Count - 1;
        while (first > 0 && rows[first - 1].Stance == last.Stance) first--;
        return new PositionAt(last.Topic, last.Stance, last.Summary(), rows[first].Summary());
    }

    /// <summary>The changes in one person's stances on one topic, in timeline order: consecutive stances that differ.</summary>
    public static List<StanceChange> Changes(IReadOnlyList<PositionStore.StanceRow> rows)
    {
        var changes = new List<StanceChange>();
        for (var i = 1; i < rows.Count; i++)
        {
            var flip = Stances.Flip(rows[i - 1].Stance, rows[i].Stance);
            if (flip == Stances.NoFlip) continue;
            changes.Add(new StanceChange(new StanceTaken(rows[i - 1].Summary(), rows[i - 1].Stance), new StanceTaken(rows[i].Summary(), rows[i].Stance),
                flip, (rows[i].SortUtcMs - rows[i - 1].SortUtcMs) / 1000));
        }
        return changes;
    }

    /// <summary>
    /// Resolves a statement's positions against the data: every topic must exist, every stance be on the scale,
    /// and each topic appear once. Breaking any is a 422 naming the position.
    /// </summary>
    public static async Task<List<(string TopicId, string Stance)>?> ResolveAsync(
        IReadOnlyList<(string Topic, string Stance)> positions, TopicStore topics, ValidationErrors errors, CancellationToken ct)
    {
        var known = await topics.FindBySlugsAsync(positions.Select(p => p.Topic).Distinct().ToList(), ct);
        var resolved = new List<(string, string)>();
        var seen = new Dictionary<string, int>();
        for (var i = 0; i < positions.Count; i++)
        {
            var (topic, stance) = positions[i];
            if (!Stances.IsStance(stance))
                errors.Add($"positions[{i}].stance", $"'{stance}' is not a stance; the scale is: {string.Join(", ", Stances.Scale)}.");
            if (!known.TryGetValue(topic, out var row))
                errors.Add($"positions[{i}].topic", $"no topic has the slug '{topic}'; add it first with POST /v1/topics.");
            else if (!seen.TryAdd(topic, i))
                errors.Add($"positions[{i}].topic", $"positions[{seen[topic]}] already takes a stance on '{topic}'; a statement takes one stance per topic.");
            else
                resolved.Add((row.Id, stance));
        }
        return errors.Any ? null : resolved;
    }
}
