using StatementTracker.Api.Reversals;
using StatementTracker.Api.Statements;

namespace StatementTracker.Api.Pages;

/// <summary>A 404 or 400 page: what went wrong, and for a 400 each field with the rules it broke.</summary>
public sealed record ErrorModel(string Title, string Detail, IDictionary<string, string[]> Errors);

/// <summary>The home page: the newest statements and the latest reversals.</summary>
public sealed record HomeModel(IReadOnlyList<Statement> Newest, IReadOnlyList<Reversal> Reversals);
