using System.Text;
using System.Xml;

namespace StatementTracker.Api.Feeds;

/// <summary>One entry of a feed: a statement or a reversal, with a stable id that never changes when the record does.</summary>
public sealed record AtomEntry(string Id, string Title, DateTime Updated, DateTime Published, string Author, string Link, string Content, string? Summary);

/// <summary>
/// An Atom feed (RFC 4287) for monitoring: a feed reader polls it and shows what is new since last time. Entry ids
/// are URNs made from the record's own id, so a corrected statement updates its entry rather than adding one.
/// </summary>
public sealed class AtomFeed(string id, string title, string selfPath, string alternatePath, IReadOnlyList<AtomEntry> entries) : IResult
{
    public const string ContentType = "application/atom+xml";
    public const int Size = 50;

    public async Task ExecuteAsync(HttpContext http)
    {
        var origin = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        http.Response.ContentType = $"{ContentType}; charset=utf-8";
        // Feed readers poll; a minute's freshness spares the database, and the ETag still answers 304 after it.
        http.Response.Headers.CacheControl = "public, max-age=60";
        var settings = new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false), Indent = true };
        await using var buffer = new MemoryStream();
        await using (var xml = XmlWriter.Create(buffer, settings))
        {
            const string atom = "http://www.w3.org/2005/Atom";
            await xml.WriteStartDocumentAsync();
            xml.WriteStartElement("feed", atom);
            xml.WriteElementString("id", atom, id);
            xml.WriteElementString("title", atom, XmlSafe(title));
            xml.WriteElementString("updated", atom, Rfc3339(entries.Count == 0 ? DateTime.UnixEpoch : entries.Max(e => e.Updated)));
            Link(xml, atom, "self", origin + selfPath, ContentType);
            Link(xml, atom, "alternate", origin + alternatePath, "application/json");
            xml.WriteStartElement("generator", atom);
            xml.WriteString("StatementTracker");
            xml.WriteEndElement();
            foreach (var entry in entries)
            {
                xml.WriteStartElement("entry", atom);
                xml.WriteElementString("id", atom, entry.Id);
                xml.WriteElementString("title", atom, XmlSafe(entry.Title));
                xml.WriteElementString("updated", atom, Rfc3339(entry.Updated));
                xml.WriteElementString("published", atom, Rfc3339(entry.Published));
                xml.WriteStartElement("author", atom);
                xml.WriteElementString("name", atom, XmlSafe(entry.Author));
                xml.WriteEndElement();
                Link(xml, atom, "alternate", origin + entry.Link, "application/json");
                if (entry.Summary is not null) Text(xml, atom, "summary", entry.Summary);
                Text(xml, atom, "content", entry.Content);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            await xml.WriteEndDocumentAsync();
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(http.Response.Body, http.RequestAborted);
    }

    private static void Link(XmlWriter xml, string atom, string rel, string href, string type)
    {
        xml.WriteStartElement("link", atom);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("type", type);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    /// <summary>Text as text: XmlWriter escapes it, and characters XML 1.0 cannot hold are left out rather than failing the feed.</summary>
    private static void Text(XmlWriter xml, string atom, string element, string text)
    {
        xml.WriteStartElement(element, atom);
        xml.WriteAttributeString("type", "text");
        xml.WriteString(XmlSafe(text));
        xml.WriteEndElement();
    }

    /// <summary>The text without the characters XML 1.0 cannot hold (most control characters), surrogate pairs kept whole.</summary>
    public static string XmlSafe(string text)
    {
        var safe = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i])) safe.Append(text[i]);
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i])) safe.Append(text, i++, 2);
        }
        return safe.ToString();
    }

    private static string Rfc3339(DateTime utc) => utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
