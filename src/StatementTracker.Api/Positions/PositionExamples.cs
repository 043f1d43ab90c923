using StatementTracker.Api.People;
using StatementTracker.Api.Statements;
using StatementTracker.Api.Topics;

namespace StatementTracker.Api.Positions;

/// <summary>Examples for the OpenAPI document: the demo story's stances on the cyber unit.</summary>
public static class PositionExamples
{
    private static readonly StatementSummary PutinSummary = new("st_1a3c5e7g9j1l3n5q", new PersonRef("vladimir-putin", "Vladimir Putin"),
        "2017-07-08", "day", null, "The US President and I have agreed to establish a working group and make joint efforts to monitor security in the cyberspace, ensure full compliance with…");

    public static readonly PersonPositions TrumpOnTenthOfJuly = new(PeopleExamples.TrumpRef, new DateTime(2017, 7, 10, 12, 0, 0, DateTimeKind.Utc),
        [new PositionAt(TopicExamples.CyberUnitRef, "undecided", StatementExamples.WalkBackSummary, StatementExamples.WalkBackSummary)], null);

    public static readonly PositionHistory TrumpHistory = new(PeopleExamples.TrumpRef, TopicExamples.CyberUnitRef,
        [new StanceTaken(StatementExamples.ProposalSummary, "supports"), new StanceTaken(StatementExamples.WalkBackSummary, "undecided")],
        [new StanceChange(new StanceTaken(StatementExamples.ProposalSummary, "supports"), new StanceTaken(StatementExamples.WalkBackSummary, "undecided"), Stances.HalfFlip, 46489)]);

    public static readonly TopicPositions WhoSupportedOnNinthOfJuly = new(TopicExamples.CyberUnitRef, new DateTime(2017, 7, 9, 23, 59, 59, 999, DateTimeKind.Utc), false,
        [new PersonStance(PeopleExamples.TrumpRef, TopicExamples.CyberUnitRef, "supports", StatementExamples.ProposalSummary, StatementExamples.ProposalSummary),
         new PersonStance(PutinSummary.Person, TopicExamples.CyberUnitRef, "supports", PutinSummary, PutinSummary)], null);
}
