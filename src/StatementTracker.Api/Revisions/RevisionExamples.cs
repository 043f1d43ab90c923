using System.Text.Json.Nodes;
using StatementTracker.Api.Infrastructure;

namespace StatementTracker.Api.Revisions;

/// <summary>Examples from the story: the walk-back tweet recorded, then its venue corrected.</summary>
public static class RevisionExamples
{
    private static readonly DateTime Recorded = new(2017, 7, 10, 1, 2, 3, DateTimeKind.Utc);
    private static readonly DateTime Corrected = new(2017, 7, 11, 9, 30, 0, DateTimeKind.Utc);

    private static JsonObject Snapshot(string venue) => new()
    {
        ["person"] = "donald-j-trump",
        ["quote"] = "The fact that President Putin and I discussed a Cyber Security unit doesn't mean I think it can happen. It can't-but a ceasefire can,& did!",
        ["summary"] = "Trump says the cyber security unit he discussed with Putin cannot happen.",
        ["saidAt"] = "2017-07-09T20:45:13-04:00",
        ["medium"] = "tweet",
        ["venue"] = venue,
        ["language"] = "en",
        ["externalId"] = "twitter:884211874518192128",
        ["sources"] = new JsonArray(new JsonObject { ["url"] = "https://twitter.com/realDonaldTrump/status/884211874518192128", ["publisher"] = "Twitter" }),
        ["positions"] = new JsonArray(new JsonObject { ["topic"] = "us-russia-cyber-unit", ["stance"] = "undecided" }),
        ["retracted"] = null,
    };

    public static readonly Page<RevisionEntry> WalkBackHistory = new(
    [
        new RevisionEntry(1, "create", Recorded, "newsroom-editor", null,
            RevisionDiff.Between(null, Snapshot("Twitter")), Snapshot("Twitter")),
        new RevisionEntry(2, "correct", Corrected, "newsroom-editor", "The venue is the account, not the network.",
            RevisionDiff.Between(Snapshot("Twitter"), Snapshot("Twitter (@realDonaldTrump)")), Snapshot("Twitter (@realDonaldTrump)")),
    ], null);

    public static readonly Page<Correction> Log = new(
    [
        new Correction("statement", "st_4h6k8m0p2r4t6v8x", "/v1/statements/st_4h6k8m0p2r4t6v8x", 2, "correct", Corrected, "newsroom-editor",
            "The venue is the account, not the network.", RevisionDiff.Between(Snapshot("Twitter"), Snapshot("Twitter (@realDonaldTrump)"))),
    ], null);
}
