using System.Text.Json.Nodes;
using StatementTracker.Api.Reversals;
using StatementTracker.Api.Revisions;
using static StatementTracker.Api.Reversals.ReversalRules;

namespace StatementTracker.Api.Tests.Reversals;

/// <summary>The reversal rule and the revision diff are pure functions: tested here without a host.</summary>
public class ReversalRulesTests
{
    [Fact]
    public void AStanceCrossingSidesIsAFullFlopAndOneStepTowardTheMiddleAHalfFlip()
    {
        var full = ForLater("later", [new StanceWithPredecessor("trade", "opposes", "earlier", "supports")], []);
        var half = ForLater("later", [new StanceWithPredecessor("trade", "undecided", "earlier", "supports")], []);

        Assert.Equal("full_flop", Assert.Single(full).Flip);
        Assert.Equal("half_flip", Assert.Single(half).Flip);
    }

    [Fact]
    public void TheSameStanceAgainOrNoPredecessorIsNoReversal()
    {
        Assert.Empty(ForLater("later", [new StanceWithPredecessor("trade", "supports", "earlier", "supports")], []));
        Assert.Empty(ForLater("later", [new StanceWithPredecessor("trade", "supports", null, null)], []));
    }

    [Fact]
    public void ChangesOnSeveralTopicsAgainstOneEarlierStatementAreOnePairAndTheStrongestRates()
    {
        var derived = Assert.Single(ForLater("later",
        [
            new StanceWithPredecessor("trade", "undecided", "earlier", "supports"),
            new StanceWithPredecessor("nato", "opposes", "earlier", "supports"),
        ], []));

        Assert.Equal("full_flop", derived.Flip);
        Assert.Equal(["nato", "trade"], derived.Stances.Select(s => s.TopicId));
    }

    [Fact]
    public void ALinksRatingStandsOverTheStancesAndAReversalOutranksAWalkBack()
    {
        var derived = Assert.Single(ForLater("later",
            [new StanceWithPredecessor("trade", "undecided", "earlier", "supports")],
            [new ReversalLink("ln_b", "walks_back", "earlier"), new ReversalLink("ln_c", "reverses", "earlier"), new ReversalLink("ln_a", "clarifies", "earlier")]));

        Assert.Equal(("full_flop", "ln_c", "reverses"), (derived.Flip, derived.LinkId, derived.Relation));
        Assert.Single(derived.Stances);
    }

    [Fact]
    public void PredecessorsComeFromTheStanceBeforeOnTheSameTopicOnly()
    {
        var steps = WithPredecessors(
        [
            new StanceInOrder("s1", "nato", "supports"),
            new StanceInOrder("s3", "nato", "opposes"),
            new StanceInOrder("s2", "trade", "supports"),
            new StanceInOrder("s3", "trade", "supports"),
        ]);

        Assert.Equal([("nato", "s1", "supports"), ("trade", "s2", "supports")],
            steps["s3"].Select(s => (s.TopicId, s.EarlierId!, s.EarlierStance!)).OrderBy(s => s.TopicId));
        Assert.All(steps["s1"].Concat(steps["s2"]), s => Assert.Null(s.EarlierId));
    }

    [Fact]
    public void TheDiffNamesOnlyTheFieldsThatChangedAndTreatsAbsentAndEmptyAlike()
    {
        var before = new JsonObject { ["quote"] = "a", ["venue"] = null, ["aliases"] = new JsonArray(), ["summary"] = "s" };
        var after = new JsonObject { ["quote"] = "b", ["summary"] = "s" };

        var change = Assert.Single(RevisionDiff.Between(before, after));

        Assert.Equal(("quote", "a", "b"), (change.Field, change.From!.GetValue<string>(), change.To!.GetValue<string>()));
        Assert.Equal(["quote", "summary"], RevisionDiff.Between(null, after).Select(c => c.Field));
    }
}
