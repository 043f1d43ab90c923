using System.Globalization;
using System.Text.RegularExpressions;

namespace StatementTracker.Api.Imports;

/// <summary>One step of a header's field path: a property name, and the array index after it when there is one.</summary>
internal sealed record CsvPathStep(string Name, int? Index);

/// <summary>
/// A CSV header names the JSON field each column fills, written as the API's error paths are: <c>quote</c>,
/// <c>sources[0].url</c>, <c>publisher.name</c>, <c>positions[1].topic</c>.
/// </summary>
internal static partial class CsvPath
{
    [GeneratedRegex(@"^(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:\[(?<index>0|[1-9][0-9]{0,5})\])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Step();

    /// <summary>The steps of a path, or null when it is not one.</summary>
    public static IReadOnlyList<CsvPathStep>? Parse(string path)
    {
        var steps = new List<CsvPathStep>();
        foreach (var part in path.Split('.'))
        {
            var match = Step().Match(part);
            if (!match.Success) return null;
            var index = match.Groups["index"];
            steps.Add(new CsvPathStep(match.Groups["name"].Value, index.Success ? int.Parse(index.Value, CultureInfo.InvariantCulture) : null));
        }
        return steps;
    }

    public static string Format(IEnumerable<CsvPathStep> steps) =>
        string.Join('.', steps.Select(s => s.Index is { } i ? $"{s.Name}[{i}]" : s.Name));
}
