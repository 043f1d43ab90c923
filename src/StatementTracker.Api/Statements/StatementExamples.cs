using StatementTracker.Api.Links;
using StatementTracker.Api.People;
using StatementTracker.Api.Positions;
using StatementTracker.Api.Reversals;

namespace StatementTracker.Api.Statements;

/// <summary>Examples for the OpenAPI document: Trump's tweets of 9 July 2017 about his meeting with Putin.</summary>
public static class StatementExamples
{
    private static readonly DateTime Recorded = new(2026, 11, 26, 9, 0, 0, DateTimeKind.Utc);

    public const string ProposalId = "st_9m2k4x7q1b3c5d6e";
    public const string WalkBackId = "st_4h8j2n6p0r3t5v7w";
    public const string MeddlingId = "st_6n8q0s2v4x6z8b0d";
    private const string ProposalQuote = "Putin & I discussed forming an impenetrable Cyber Security unit so that election hacking, & many other negative things, will be guarded..";
    private const string WalkBackQuote = "The fact that President Putin and I discussed a Cyber Security unit doesn't mean I think it can happen. It can't-but a ceasefire can,& did!";
    private const string MeddlingQuote = "I strongly pressed President Putin twice about Russian meddling in our election. He vehemently denied it. I've already given my opinion.....";
    private const string WalkBackGist = "Trump says the cyber security unit he discussed with Putin cannot happen.";
    private const string TrumpOnTwitter = "Twitter (@realDonaldTrump)";

    /// <summary>
    /// The request to record a statement, as Swagger UI fills it in. It is the tweet that opened Trump's thread about the
    /// meeting, nineteen minutes before he proposed the unit, and the demo story leaves it out: "Try it out" on the
    /// demo database records it (201) rather than meeting the 409 of a statement recorded already.
    /// </summary>
    public static readonly CreateStatementRequest CreateMeddling = new(
        "donald-j-trump", MeddlingQuote, "2017-07-09T07:31:22-04:00", "tweet",
        [new SourceInput("https://twitter.com/realDonaldTrump/status/884012097805406208", "Tweet by @realDonaldTrump", "Twitter", "2017-07-09T07:31:22-04:00")],
        "Trump says he pressed Putin twice about Russian meddling in the election and that Putin denied it.", TrumpOnTwitter, "en",
        "twitter:884012097805406208", Topics: ["foreign-policy"]);

    /// <summary>What recording <see cref="CreateMeddling"/> answers: about foreign policy, without a stance or links yet.</summary>
    public static readonly Statement Meddling = new(
        MeddlingId, PeopleExamples.TrumpRef, MeddlingQuote, "exact", CreateMeddling.Summary, CreateMeddling.SaidAt!, "second",
        new DateTime(2017, 7, 9, 11, 31, 22, DateTimeKind.Utc), "-04:00", "tweet", TrumpOnTwitter, "en", CreateMeddling.ExternalId,
        [new Source("https://twitter.com/realDonaldTrump/status/884012097805406208", "Tweet by @realDonaldTrump", "Twitter", "2017-07-09T07:31:22-04:00", null)],
        [], ["foreign-policy"], [], 1, CreateMeddling.SaidAt!, MeddlingId, [], [], Recorded, Recorded, 1, "newsroom-editor", null);

    public static readonly Link ReversesLink = new(
        "ln_2b4d6f8h0k2m4p6r", "reverses", "outgoing",
        new StatementSummary(ProposalId, PeopleExamples.TrumpRef, "2017-07-09T07:50:24-04:00", "second",
            new DateTime(2017, 7, 9, 11, 50, 24, DateTimeKind.Utc), ProposalQuote),
        "Thirteen hours after proposing the unit, he says it cannot happen.", Recorded, 1);

    private static readonly Link ReversedByLink = ReversesLink with
    {
        Direction = "incoming",
        Statement = new StatementSummary(WalkBackId, PeopleExamples.TrumpRef, "2017-07-09T20:45:13-04:00", "second",
            new DateTime(2017, 7, 10, 0, 45, 13, DateTimeKind.Utc), WalkBackQuote),
    };

    public static readonly Statement Proposal = new(
        ProposalId, PeopleExamples.TrumpRef, ProposalQuote, "exact", "Trump says he and Putin discussed a joint cyber security unit.",
        "2017-07-09T07:50:24-04:00", "second", new DateTime(2017, 7, 9, 11, 50, 24, DateTimeKind.Utc), "-04:00", "tweet",
        TrumpOnTwitter, "en", "twitter:884016887692234753",
        [new Source("https://twitter.com/realDonaldTrump/status/884016887692234753", "Tweet by @realDonaldTrump", "Twitter", "2017-07-09T07:50:24-04:00", null),
         new Source("https://www.npr.org/2017/07/10/536428035/trumps-impenetrable-cyber-unit-that-never-was", "Trump's 'Impenetrable' Cyber Unit That Never Was", "NPR", "2017-07-10", null)],
        [new StatementPosition("us-russia-cyber-unit", "supports")], ["foreign-policy"], [ReversedByLink], 1, "2017-07-09T07:50:24-04:00", ProposalId,
        [new ReversalMark("reversed_by", WalkBackId, "full_flop", ["us-russia-cyber-unit"], ["link", "stance"])], [], Recorded, Recorded, 1, "newsroom-editor", null);

    public static StatementSummary ProposalSummary => ReversesLink.Statement;
    public static StatementSummary WalkBackSummary => ReversedByLink.Statement;

    public static readonly Statement WalkBack = new(
        WalkBackId, PeopleExamples.TrumpRef, WalkBackQuote, "exact", WalkBackGist, "2017-07-09T20:45:13-04:00", "second",
        new DateTime(2017, 7, 10, 0, 45, 13, DateTimeKind.Utc), "-04:00", "tweet", TrumpOnTwitter, "en", "twitter:884211874518192128",
        [new Source("https://twitter.com/realDonaldTrump/status/884211874518192128", "Tweet by @realDonaldTrump", "Twitter", "2017-07-09T20:45:13-04:00", null)],
        [new StatementPosition("us-russia-cyber-unit", "undecided")], [], [ReversesLink], 1, "2017-07-09T20:45:13-04:00", WalkBackId,
        [new ReversalMark("reverses", ProposalId, "full_flop", ["us-russia-cyber-unit"], ["link", "stance"])], [], Recorded, Recorded, 1, "newsroom-editor", null);
}
