using StatementTracker.Api.Infrastructure;
using StatementTracker.Api.Topics;

namespace StatementTracker.Api.Positions;

public static class PositionRules
{
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
