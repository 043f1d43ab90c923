using System.Text.RegularExpressions;
using StatementTracker.Api.Infrastructure;

namespace StatementTracker.Api.Imports;

/// <summary>
/// LIAR2's <c>speaker</c> column names whom PolitiFact checked, in lower case. Most are people. Organisations (party
/// committees, PACs, unions, advocacy groups, agencies, websites) are kept: they make statements under their own name.
/// A speaker that names no one is not imported, since there is no one whose record it would join:
/// <list type="bullet">
/// <item>content passed around online: "facebook posts", "instagram posts", "tiktok posts", "youtube videos", "tweets",
/// "viral image", "social media", "viral media reports", "various media reports 2", "chain email", "chain message";</item>
/// <item>unnamed writers and callers: "bloggers", "liberal blogger", "internet commenters", "anonymous caller",
/// "robocaller", "reader", "florida department of corrections worker".</item>
/// </list>
/// That is every such speaker in test.csv and valid.csv (1,062 of 4,593 rows). For the other LIAR2 files, the same
/// kinds are recognised by the speaker's form (ending in posts, videos, images, memes, tweets, bloggers, commenters;
/// starting with viral, chain, social media, anonymous, robocall) and by how PolitiFact's description of them begins
/// ("Posters on Facebook...", "Graphics, pictures and charts...", "Blog posting on the Internet", "Chain emails...").
/// </summary>
internal static partial class Liar2Speakers
{
    private static readonly HashSet<string> NoOne = new(StringComparer.Ordinal)
    {
        "facebook posts", "instagram posts", "tiktok posts", "youtube videos", "tweets", "viral image", "social media",
        "viral media reports", "various media reports 2", "chain email", "chain message", "bloggers", "liberal blogger",
        "internet commenters", "anonymous caller", "robocaller", "reader", "florida department of corrections worker",
    };

    private static readonly string[] DescriptionsOfNoOne =
    [
        "Posters on ", "Posts on ", "Graphics, pictures", "Blog posting", "Chain emails", "Anonymous chain messages",
        "Videos uploaded", "People who post", "An unidentified person", "A reader of",
    ];

    [GeneratedRegex(@"^(viral|chain|social media|anonymous|robocall)\b|\b(posts|videos|images|memes|tweets|bloggers?|commenters)$|^(various|multiple)\b.*\b(reports|sources)\b", RegexOptions.CultureInvariant)]
    private static partial Regex FormOfNoOne();

    // Small words stay lower case inside an organisation's name: "Republican Party of Texas".
    private static readonly HashSet<string> SmallWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with",
    };

    /// <summary>True when the speaker names no one: see the class comment. Both texts on one line, normalized.</summary>
    public static bool IsNoOne(string speaker, string description)
    {
        var name = speaker.ToLowerInvariant();
        return NoOne.Contains(name) || FormOfNoOne().IsMatch(name)
            || DescriptionsOfNoOne.Any(start => description.StartsWith(start, StringComparison.Ordinal));
    }

    /// <summary>
    /// The speaker's name as written at the start of PolitiFact's description ("Donald Trump is the former president..."
    /// gives "Donald Trump", "Beto O’Rourke is..." gives the curly apostrophe), else the lower-case speaker in title case.
    /// </summary>
    public static string Name(string speaker, string description)
    {
        if (description.Length >= speaker.Length
            && Comparable(description[..speaker.Length]) == Comparable(speaker)
            && (description.Length == speaker.Length || !char.IsLetterOrDigit(description[speaker.Length])))
            return description[..speaker.Length];
        return TitleCase(speaker);
    }

    /// <summary>"u.s. chamber of commerce" → "U.S. Chamber of Commerce"; "beto o'rourke" → "Beto O'Rourke"; "women's" stays "Women's".</summary>
    public static string TitleCase(string speaker) =>
        string.Join(' ', speaker.Split(' ').Select((word, i) => i > 0 && SmallWords.Contains(word) ? word : TitleCaseWord(word)));

    private static string TitleCaseWord(string word)
    {
        var chars = word.ToCharArray();
        var upper = true;
        var segment = 0;
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (char.IsLetterOrDigit(c))
            {
                if (upper) chars[i] = char.ToUpperInvariant(c);
                upper = false;
                segment++;
                continue;
            }
            // A capital follows a hyphen or an opening quote, and a dot or apostrophe after one letter (U.S., O'Rourke).
            upper = c is '-' or '"' or '(' or '/' || (c is '.' or '\'' or '’' && segment == 1);
            segment = 0;
        }
        return new string(chars);
    }

    private static string Comparable(string text) => Slug.Fold(text).Replace('’', '\'');
}
