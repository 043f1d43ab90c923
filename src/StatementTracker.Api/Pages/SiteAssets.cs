using System.Security.Cryptography;

namespace StatementTracker.Api.Pages;

/// <summary>
/// The pages' stylesheet and script, carried inside the assembly and served from /assets/ under a name that holds a
/// hash of their bytes (site.3f2a9c1d0b.css). A name never changes meaning, so a browser may keep the file for a year
/// without asking again, and a new release is fetched at once because its pages name new files.
/// </summary>
public static class SiteAssets
{
    /// <summary>One file: its bytes, its media type and the name it is served under.</summary>
    public sealed record Asset(string Name, string ContentType, byte[] Bytes);

    public const string CacheControl = "public, max-age=31536000, immutable";

    private static readonly Dictionary<string, Asset> ByName = new(StringComparer.Ordinal);

    public static Asset Stylesheet { get; } = Load("site", "css", "text/css; charset=utf-8");

    public static Asset Script { get; } = Load("site", "js", "text/javascript; charset=utf-8");

    public static string StylesheetUrl => "/assets/" + Stylesheet.Name;

    public static string ScriptUrl => "/assets/" + Script.Name;

    public static Asset? Find(string name) => ByName.GetValueOrDefault(name);

    private static Asset Load(string stem, string extension, string contentType)
    {
        using var stream = typeof(SiteAssets).Assembly.GetManifestResourceStream($"assets/{stem}.{extension}")
            ?? throw new InvalidOperationException($"assets/{stem}.{extension} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..10];
        var asset = new Asset($"{stem}.{hash}.{extension}", contentType, bytes);
        ByName[asset.Name] = asset;
        return asset;
    }
}
