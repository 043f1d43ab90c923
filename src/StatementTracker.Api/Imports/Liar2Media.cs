using System.Text.RegularExpressions;

namespace StatementTracker.Api.Imports;

/// <summary>
/// The medium of a LIAR2 statement, guessed from PolitiFact's <c>context</c> ("a tweet", "an interview on CNN",
/// "remarks at a press conference"). The first rule that matches wins, so the table runs from the most telling setting
/// to the most general: "press conference remarks" is a press conference, and "a post-debate interview" an interview.
/// "post" counts only in lower case, because "Washington Post" names a newspaper, not a social media post.
/// </summary>
internal static class Liar2Media
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    public static readonly IReadOnlyList<(string Medium, Regex Pattern)> Rules =
    [
        ("tweet", new Regex(@"\b(tweet(s|ed)?|twitter)\b", Options)),
        ("social_post", new Regex(@"\b(facebook|instagram|tiktok|youtube|social media|memes?|images?)\b|(?-i:\bposts?\b)(?!-)", Options)),
        ("interview", new Regex(@"\binterview(s|ed)?\b", Options)),
        ("press_conference", new Regex(@"\b(press conference|news conference|briefing)s?\b", Options)),
        ("press_release", new Regex(@"\b(press|news) releases?\b", Options)),
        ("debate", new Regex(@"\bdebates?\b", Options)),
        ("testimony", new Regex(@"\b(testimony|testified|hearings?)\b", Options)),
        ("op_ed", new Regex(@"\b(op-?eds?|columns?|editorials?)\b", Options)),
        ("speech", new Regex(@"\b(speech(es)?|remarks|address|rally)\b", Options)),
        ("statement", new Regex(@"\bstatements?\b", Options)),
        ("vote", new Regex(@"\bvotes?\b", Options)),
    ];

    public static string FromContext(string context)
    {
        foreach (var (medium, pattern) in Rules)
        {
            if (pattern.IsMatch(context)) return medium;
        }
        return "other";
    }
}
