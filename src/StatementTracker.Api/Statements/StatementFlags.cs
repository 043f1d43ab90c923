namespace StatementTracker.Api.Statements;

/// <summary>
/// The bits of statements.flags: what else a statement has or had, for a page to read links, chains, reversals and
/// fact-checks only where there may be some. The database sets them whoever writes (migration 0016, whose
/// statement_flags view is their one definition). A bit says where to look, never what to show: one left by a
/// retracted link or a closed reversal costs a query that finds nothing. A reader that has no row to read them from
/// assumes <see cref="All"/>.
/// </summary>
public static class StatementFlags
{
    /// <summary>A repeats link from or to it, retracted or not: its repeat chain may be longer than itself.</summary>
    public const long RepeatsLinked = 1;

    /// <summary>A link from or to it, retracted or not: it may have links to show.</summary>
    public const long Links = 2;

    /// <summary>A reversal at either end, live or closed.</summary>
    public const long Reversals = 4;

    /// <summary>A fact-check, retracted or not.</summary>
    public const long Reviews = 8;

    /// <summary>Every bit: what to assume of a statement read from a revision, or by a query that did not read flags.</summary>
    public const long All = RepeatsLinked | Links | Reversals | Reviews;

    /// <summary>The condition, on a statement aliased s, that it has a repeats link either way.</summary>
    internal const string RepeatsLinkedSql = "(s.flags & 1) <> 0";
}
