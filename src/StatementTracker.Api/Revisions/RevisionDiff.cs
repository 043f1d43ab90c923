using System.Text.Json.Nodes;

namespace StatementTracker.Api.Revisions;

/// <summary>The readable diff between two snapshots of a record: each top-level field whose value changed.</summary>
public static class RevisionDiff
{
    public static IReadOnlyList<FieldChange> Between(JsonObject? before, JsonObject after)
    {
        var changes = new List<FieldChange>();
        var names = (before?.Select(p => p.Key) ?? []).Union(after.Select(p => p.Key)).ToList();
        foreach (var name in names)
        {
            var from = before?[name];
            var to = after[name];
            if (IsEmpty(from) && IsEmpty(to)) continue;
            if (JsonNode.DeepEquals(from, to)) continue;
            changes.Add(new FieldChange(name, from?.DeepClone(), to?.DeepClone()));
        }
        return changes;
    }

    /// <summary>Whether two states of a record differ in any field, as their revisions would show them.</summary>
    public static bool Differs<T>(T before, T after) =>
        Between(System.Text.Json.JsonSerializer.SerializeToNode(before, RevisionStore.Json)!.AsObject(),
            System.Text.Json.JsonSerializer.SerializeToNode(after, RevisionStore.Json)!.AsObject()).Count > 0;

    // An absent field, null and an empty list all mean "none": a record created without aliases has not "changed" them.
    private static bool IsEmpty(JsonNode? node) => node is null || node is JsonArray { Count: 0 };
}
