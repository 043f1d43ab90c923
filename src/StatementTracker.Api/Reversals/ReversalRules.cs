using StatementTracker.Api.Positions;

namespace StatementTracker.Api.Reversals;

/// <summary>
/// The one copy of the reversal rule, for every engine and every writer. A reversal is a pair of one person's
/// statements, the later taking back the earlier: consecutive stances on a topic that differ, or an editor's
/// reverses/walks_back link, or both, in which case the link's rating stands. Everything about a pair is known
/// from its later statement (its stances, each one's predecessor on that topic, its links), so the rows of one
/// later statement can be derived on their own: that is what keeps writes independent of a person's history.
/// </summary>
public static class ReversalRules
{
    /// <summary>Link relations that are reversals, with the rating each gives.</summary>
    public static readonly IReadOnlyDictionary<string, string> LinkFlips = new Dictionary<string, string>
    {
        ["reverses"] = Stances.FullFlop,
        ["walks_back"] = Stances.HalfFlip,
    };

    /// <summary>A stance change on one topic between two consecutive statements.</summary>
    public sealed record StanceStep(string TopicId, string From, string To);

    /// <summary>One of the later statement's stances, with the stance before it on that topic (if any).</summary>
    public sealed record StanceWithPredecessor(string TopicId, string Stance, string? EarlierId, string? EarlierStance);

    /// <summary>A live reverses/walks_back link from the later statement.</summary>
    public sealed record ReversalLink(string LinkId, string Relation, string TargetId);

    /// <summary>A derived reversal, as stored.</summary>
    public sealed record Derived(string EarlierId, string LaterId, string Flip, string? LinkId, string? Relation, IReadOnlyList<StanceStep> Stances);

    /// <summary>The reversals whose later statement is <paramref name="laterId"/>, ordered by earlier statement.</summary>
    public static IReadOnlyList<Derived> ForLater(string laterId, IEnumerable<StanceWithPredecessor> stances, IEnumerable<ReversalLink> links)
    {
        var steps = stances
            .Where(s => s.EarlierId is not null && s.EarlierStance is not null && s.EarlierStance != s.Stance)
            .GroupBy(s => s.EarlierId!)
            .ToDictionary(g => g.Key, g => g.Select(s => new StanceStep(s.TopicId, s.EarlierStance!, s.Stance))
                .OrderBy(s => s.TopicId, StringComparer.Ordinal).ToList());
        // One link per pair: a full reversal outranks a walk-back between the same two statements, then the older id.
        var pairLinks = links
            .Where(l => LinkFlips.ContainsKey(l.Relation))
            .GroupBy(l => l.TargetId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(l => LinkFlips[l.Relation] == Stances.FullFlop).ThenBy(l => l.LinkId, StringComparer.Ordinal).First());

        return steps.Keys.Union(pairLinks.Keys)
            .Order(StringComparer.Ordinal)
            .Select(earlierId =>
            {
                var pairSteps = steps.GetValueOrDefault(earlierId) ?? [];
                var link = pairLinks.GetValueOrDefault(earlierId);
                var flip = link is not null ? LinkFlips[link.Relation]
                    : pairSteps.Any(s => Stances.Flip(s.From, s.To) == Stances.FullFlop) ? Stances.FullFlop : Stances.HalfFlip;
                return new Derived(earlierId, laterId, flip, link?.LinkId, link?.Relation, pairSteps);
            })
            .ToList();
    }

    /// <summary>One person's stance on one topic, in timeline order, for a full derivation.</summary>
    public sealed record StanceInOrder(string StatementId, string TopicId, string Stance);

    /// <summary>
    /// Every stance of a person with its predecessor, from their stances in timeline order per topic: what a full
    /// rebuild feeds <see cref="ForLater"/> with, one pass over the history.
    /// </summary>
    public static ILookup<string, StanceWithPredecessor> WithPredecessors(IEnumerable<StanceInOrder> orderedByTopicThenTimeline)
    {
        var result = new List<(string LaterId, StanceWithPredecessor Stance)>();
        StanceInOrder? previous = null;
        foreach (var stance in orderedByTopicThenTimeline)
        {
            var sameTopic = previous is not null && previous.TopicId == stance.TopicId;
            result.Add((stance.StatementId, new StanceWithPredecessor(stance.TopicId, stance.Stance,
                sameTopic ? previous!.StatementId : null, sameTopic ? previous!.Stance : null)));
            previous = stance;
        }
        return result.ToLookup(r => r.LaterId, r => r.Stance);
    }
}
