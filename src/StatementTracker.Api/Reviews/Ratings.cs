using System.Text;

namespace StatementTracker.Api.Reviews;

/// <summary>
/// One scale for every publisher's verdicts, so PolitiFact's Truth-O-Meter and the Washington Post's Pinocchios
/// can be compared and filtered together. Six steps, best first; in ClaimReview its value runs from 1
/// (pants_on_fire) to 6 (true).
/// </summary>
/// <remarks>
/// A rating is matched by its words, whoever published it: case, punctuation and hyphens are ignored, and
/// digits count as their words ("4 Pinocchios" is "Four Pinocchios"). PolitiFact's six steps map onto the scale
/// one to one ("Barely True", its earlier name for "Mostly False", included). The Pinocchios: the Geppetto
/// Checkmark is true, one Pinocchio mostly true, two half true, three mostly false, four false; the Bottomless
/// Pinocchio (four Pinocchios repeated twenty times) is false, because it judges persistence, not a worse falsehood.
/// Snopes-style "Mixture" is half true. Anything else keeps its own words and no normalised rating, unless the
/// writer gives one.
/// </remarks>
public static class Ratings
{
    public static readonly string[] Scale = ["true", "mostly_true", "half_true", "mostly_false", "false", "pants_on_fire"];

    public const int Best = 6;
    public const int Worst = 1;

    /// <summary>A rating= filter: a step of the scale, or an error on <paramref name="field"/>.</summary>
    public static void Check(string? rating, Infrastructure.ValidationErrors errors, string field = "rating")
    {
        if (rating is not null && !Scale.Contains(rating, StringComparer.Ordinal))
            errors.Add(field, $"{field} must be one of: {string.Join(", ", Scale)}.");
    }

    /// <summary>"true" is 6 and "pants_on_fire" 1: the ratingValue ClaimReview carries.</summary>
    public static int ValueOf(string normalised) => Best - Array.IndexOf(Scale, normalised);

    /// <summary>The scale's own words for a step: "pants_on_fire" is "Pants on Fire".</summary>
    public static string NameOf(string normalised) => normalised switch
    {
        "true" => "True",
        "mostly_true" => "Mostly True",
        "half_true" => "Half True",
        "mostly_false" => "Mostly False",
        "false" => "False",
        "pants_on_fire" => "Pants on Fire",
        _ => throw new ArgumentOutOfRangeException(nameof(normalised), normalised, "not a step of the scale"),
    };

    private static readonly Dictionary<string, string> Known = new()
    {
        // PolitiFact's Truth-O-Meter, and the dataset spellings of it (LIAR's "pants-fire", "barely-true").
        ["true"] = "true",
        ["mostly true"] = "mostly_true",
        ["half true"] = "half_true",
        ["mostly false"] = "mostly_false",
        ["barely true"] = "mostly_false",
        ["false"] = "false",
        ["pants on fire"] = "pants_on_fire",
        ["pants fire"] = "pants_on_fire",
        // The Washington Post's Fact Checker.
        ["geppetto checkmark"] = "true",
        ["one pinocchio"] = "mostly_true",
        ["two pinocchios"] = "half_true",
        ["three pinocchios"] = "mostly_false",
        ["four pinocchios"] = "false",
        ["bottomless pinocchio"] = "false",
        // Words other fact-checkers share.
        ["mixture"] = "half_true",
        ["mixed"] = "half_true",
        ["correct"] = "true",
        ["accurate"] = "true",
        ["incorrect"] = "false",
        ["inaccurate"] = "false",
    };

    private static readonly string[] Numbers = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    /// <summary>The step of the scale a publisher's rating means; null for a scale it does not know.</summary>
    public static string? Normalise(string rating) => Known.GetValueOrDefault(Words(rating));

    /// <summary>Lower-case words without punctuation, digits spelled out and "pinocchio" made plural after a number above one.</summary>
    private static string Words(string rating)
    {
        var words = new StringBuilder(rating.Length);
        foreach (var c in rating.Trim().ToLowerInvariant())
        {
            if (char.IsLetter(c)) words.Append(c);
            else if (char.IsDigit(c) && c - '0' < Numbers.Length) words.Append(' ').Append(Numbers[c - '0']).Append(' ');
            else words.Append(' ');
        }
        var text = string.Join(' ', words.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        // "4 Pinocchio" and "Four Pinocchio" are the same verdict as "Four Pinocchios"; "1 Pinocchios" as "One Pinocchio".
        if (text.EndsWith(" pinocchio") && !text.StartsWith("one ") && !text.StartsWith("bottomless ")) text += "s";
        if (text == "one pinocchios") text = "one pinocchio";
        return text;
    }
}
