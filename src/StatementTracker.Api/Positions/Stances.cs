namespace StatementTracker.Api.Positions;

/// <summary>
/// The five-step stance scale and PolitiFact's Flip-O-Meter over it: crossing from the support side to the
/// oppose side (or back) is a full flop; any other change (to or from undecided, or of strength on one side)
/// is a half flip; the same stance again is no flip, and no change.
/// </summary>
public static class Stances
{
    public const string FullFlop = "full_flop";
    public const string HalfFlip = "half_flip";
    public const string NoFlip = "no_flip";

    public static readonly string[] Scale = ["supports", "leans_support", "undecided", "leans_oppose", "opposes"];

    public static readonly string[] Flips = [FullFlop, HalfFlip];

    public static bool IsStance(string value) => Scale.Contains(value, StringComparer.Ordinal);

    /// <summary>The Flip-O-Meter rating of a move from one stance to the next.</summary>
    public static string Flip(string from, string to)
    {
        if (from == to) return NoFlip;
        return Side(from) * Side(to) < 0 ? FullFlop : HalfFlip;
    }

    private static int Side(string stance) => stance switch
    {
        "supports" or "leans_support" => 1,
        "leans_oppose" or "opposes" => -1,
        _ => 0,
    };
}
