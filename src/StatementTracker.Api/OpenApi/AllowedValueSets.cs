using System.ComponentModel.DataAnnotations;
using StatementTracker.Api.Links;
using StatementTracker.Api.Positions;
using StatementTracker.Api.Reversals;
using StatementTracker.Api.Statements;

namespace StatementTracker.Api.OpenApi;

// The document's enums, taken from the lists the rules enforce, so the two cannot drift apart.

/// <summary>The media a statement can be made through.</summary>
public sealed class MediumValuesAttribute() : AllowedValuesAttribute([.. StatementRules.Media]);

/// <summary>The five-step stance scale.</summary>
public sealed class StanceValuesAttribute() : AllowedValuesAttribute([.. Stances.Scale]);

/// <summary>Flip-O-Meter ratings of a change.</summary>
public sealed class FlipValuesAttribute() : AllowedValuesAttribute([.. Stances.Flips]);

/// <summary>Every link relation.</summary>
public sealed class RelationValuesAttribute() : AllowedValuesAttribute([.. LinkRules.All]);

/// <summary>The link relations that are reversals.</summary>
public sealed class ReversalRelationValuesAttribute() : AllowedValuesAttribute([.. ReversalRules.LinkFlips.Keys]);

/// <summary>The six steps of the fact-check rating scale.</summary>
public sealed class RatingValuesAttribute() : AllowedValuesAttribute([.. Reviews.Ratings.Scale]);

/// <summary>Whether a statement's text is the speaker's own words.</summary>
public sealed class WordingValuesAttribute() : AllowedValuesAttribute([.. StatementRules.Wordings]);
