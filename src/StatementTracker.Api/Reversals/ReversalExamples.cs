using StatementTracker.Api.People;
using StatementTracker.Api.Positions;
using StatementTracker.Api.Statements;
using StatementTracker.Api.Topics;

namespace StatementTracker.Api.Reversals;

/// <summary>Examples for the OpenAPI document: the demo story's one reversal.</summary>
public static class ReversalExamples
{
    public static readonly Reversal CyberUnitReversal = new(PeopleExamples.TrumpRef, [TopicExamples.CyberUnitRef],
        StatementExamples.ProposalSummary, StatementExamples.WalkBackSummary, 46489, "PT12H54M49S", Stances.FullFlop,
        [new ReversalEvidence("link", Stances.FullFlop, "ln_2b4d6f8h0k2m4p6r", "reverses"),
         new ReversalEvidence("stance", Stances.HalfFlip, Topic: "us-russia-cyber-unit", From: "supports", To: "undecided")]);
}
