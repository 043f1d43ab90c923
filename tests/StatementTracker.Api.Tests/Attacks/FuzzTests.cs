using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using StatementTracker.Api.Tests.OpenApi;
using Xunit.Abstractions;

namespace StatementTracker.Api.Tests.Attacks;

/// <summary>
/// Requests generated from the OpenAPI document, valid and hostile, against the demo database: no answer may be a
/// 5xx, answer with a status the document does not list for the operation, carry the wrong content type, or send a
/// body its documented schema does not describe. The document is the contract clients generate code from, so a gap
/// in it is a bug like any other.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private static readonly long Requests = AttackScale.Long ? 1_000L * AttackScale.Factor : 600;

    /// <summary>What the server may answer to any request whatever the document says: limits on the request itself.</summary>
    private static readonly int[] AnyRequest = [411, 413, 414, 429, 431];

    /// <summary>
    /// When a hostile path value (an escaped slash, bytes that are not UTF-8, 3,000 characters) no longer matches the
    /// operation's route, routing answers instead of the operation.
    /// </summary>
    private static readonly int[] RouteMissed = [404, 405];

    [Fact]
    public async Task RequestsGeneratedFromTheDocumentGetNo5xxAndOnlyDocumentedAnswers()
    {
        await using var app = new StatementTrackerApplication(seedDemoData: true);
        var client = app.CreateClient();
        var document = await Document.LoadAsync(client);
        var pools = await Pools.LoadAsync(client);
        var generators = new Generators(document, pools);
        // Cast: given a plain array of generators, OneOf would pick one generator rather than one of their values.
        var gen = Gen.OneOf(document.Operations.Select(operation => (IGen<FuzzRequest>)generators.Request(operation)).ToArray());
        var findings = new Findings();

        try
        {
            // Each case is one request; a case with a finding fails, and CsCheck looks for a simpler one that fails too.
            // The database changes as the fuzzer writes, so a seed replays the requests, not always the answers.
            await Check.SampleAsync(gen, async request =>
            {
                var problems = await SendAndCheckAsync(client, document, request, findings);
                if (problems.Count > 0) Assert.Fail(string.Join("\n", problems));
            }, output.WriteLine, iter: Requests, print: request => request.ToString());
        }
        finally
        {
            findings.Print(output, document);
        }
        Assert.Equal(0, findings.ServerErrors);
        Assert.Equal(0, findings.SchemaMismatches);
    }

    private static async Task<List<string>> SendAndCheckAsync(HttpClient client, Document document, FuzzRequest fuzz, Findings findings)
    {
        using var request = new HttpRequestMessage(new HttpMethod(fuzz.Operation.Method), fuzz.Url);
        if (fuzz.Body is { } body)
        {
            request.Content = new ByteArrayContent(body.Bytes);
            if (body.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
        }
        var ifMatch = fuzz.IfMatch switch
        {
            IfMatch.Current => await client.EtagOfAsync(fuzz.ResourceUrl),
            IfMatch.Stale => "\"987654321\"",
            IfMatch.Any => "*",
            IfMatch.Weak => "W/\"1\"",
            IfMatch.List => "\"0\", \"1\"",
            IfMatch.Garbage => "not an etag",
            _ => null,
        };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);

        using var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes);
        var status = (int)response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var operation = fuzz.Operation;
        var problems = new List<string>();
        findings.Count(operation, status);

        void Find(string kind, string what)
        {
            findings.Add(kind, $"{operation.Id} {what}", fuzz);
            problems.Add($"{kind}: {operation.Id} {what}\n  answer: {status} {mediaType} {Preview(text, 400)}");
        }

        if (status >= 500)
        {
            findings.ServerError();
            Find("5xx", $"answered {status}");
        }
        var documented = operation.Responses.GetValueOrDefault(status.ToString());
        if (documented is null && !AnyRequest.Contains(status) && !(fuzz.HostilePath && RouteMissed.Contains(status)))
            Find("undocumented status", $"answered {status}, which the document does not list for it");

        // A download (csv, ndjson), a feed or JSON-LD is a 2xx the document lists with its own media type; anything else must be JSON.
        var download = mediaType is "text/csv" or "application/x-ndjson" or "application/atom+xml" or "application/ld+json";
        if (status is >= 200 and < 300 && bytes.Length > 0 && mediaType != "application/json" && !(download && documented?.ContainsKey(mediaType!) == true))
            Find("content type", $"answered {status} with '{mediaType}', not application/json");
        if (status is >= 400 and < 500 && mediaType != "application/problem+json")
            Find("content type", $"answered {status} with '{mediaType}', not application/problem+json");
        if (status == 204 && bytes.Length > 0)
            Find("content type", "answered 204 with a body");

        if (documented?.GetValueOrDefault(mediaType ?? "") is { } media && bytes.Length > 0 && !download)
        {
            JsonNode? json = null;
            try
            {
                json = JsonNode.Parse(text);
            }
            catch (JsonException ex)
            {
                findings.SchemaMismatch();
                Find("schema", $"{status}: the body is not JSON ({ex.Message})");
            }
            if (json is not null)
            {
                var errors = document.Schemas.Errors(json, media.Schema, "$").ToList();
                if (errors.Count > 0) findings.SchemaMismatch();
                foreach (var error in errors.Distinct()) Find("schema", $"{status} {mediaType}: {error}");
                if (mediaType == "application/problem+json" && json["status"]?.GetValueKind() == JsonValueKind.Number && json["status"]!.GetValue<int>() != status)
                    Find("schema", $"{status}: the problem says status {json["status"]}");
            }
        }
        return problems;
    }

    private static string Preview(string text, int length) =>
        (text.Length <= length ? text : text[..length] + $"... ({text.Length} characters)").ReplaceLineEndings(" ");

    /// <summary>The operations of the served document (openapi.yaml, which OpenApiContractTests holds equal to it), with its schemas.</summary>
    private sealed class Document
    {
        private Document(List<Operation> operations, SchemaChecker schemas) => (Operations, Schemas) = (operations, schemas);

        public List<Operation> Operations { get; }
        public SchemaChecker Schemas { get; }

        public static async Task<Document> LoadAsync(HttpClient client)
        {
            // The YAML file is the contract; the service serves the same document as JSON, which needs no YAML parser.
            var json = JsonNode.Parse(await client.GetStringAsync("/swagger/v1/swagger.json"))!.AsObject();
            var yaml = await File.ReadAllTextAsync(RepositoryFiles.PathOf("openapi.yaml"));
            var schemas = new SchemaChecker(json["components"]!["schemas"]!.AsObject());
            var operations = new List<Operation>();
            foreach (var (path, item) in json["paths"]!.AsObject())
            {
                foreach (var (method, node) in item!.AsObject())
                {
                    var id = node!["operationId"]!.GetValue<string>();
                    Assert.True(yaml.Contains($"operationId: {id}"), $"openapi.yaml has {id}; regenerate it (see README)");
                    var parameters = (node["parameters"]?.AsArray() ?? [])
                        .Select(p => new Parameter(p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), p["schema"]!.AsObject())).ToList();
                    operations.Add(new Operation(id, method.ToUpperInvariant(), path, parameters,
                        Media(node["requestBody"]?["content"]),
                        node["responses"]!.AsObject().ToDictionary(r => r.Key, r => Media(r.Value!["content"]))));
                }
            }
            return new Document(operations, schemas);
        }

        private static Dictionary<string, MediaType> Media(JsonNode? content) =>
            content?.AsObject().ToDictionary(m => m.Key, m => new MediaType(m.Value!["schema"]!.AsObject())) ?? [];
    }

    private sealed record Operation(string Id, string Method, string Path, List<Parameter> Parameters,
        Dictionary<string, MediaType> RequestBodies, Dictionary<string, Dictionary<string, MediaType>> Responses)
    {
        /// <summary>Operations that document 412 take If-Match; the record they change is the one a GET of this URL shows.</summary>
        public bool TakesIfMatch => Responses.ContainsKey("412");
    }

    private sealed record Parameter(string Name, string In, JsonObject Schema);

    private sealed record MediaType(JsonObject Schema);

    /// <summary>Real ids, slugs and cursors of the demo database, so generated requests reach past "not found".</summary>
    private sealed record Pools(string[] People, string[] Topics, string[] Statements, (string Statement, string Link)[] Links, string[] Cursors, string[] Reviews, string[] Imports)
    {
        public static async Task<Pools> LoadAsync(HttpClient client)
        {
            var people = (await client.GetJsonAsync("/v1/people?limit=200"))["items"]!.AsArray().Select(p => p.Str("slug")).ToArray();
            var topics = (await client.GetJsonAsync("/v1/topics?limit=200"))["items"]!.AsArray().Select(t => t.Str("slug")).ToArray();
            var statements = new List<JsonObject>();
            foreach (var person in people)
                statements.AddRange(await client.AllPagesAsync($"/v1/people/{person}/timeline?includeRetracted=true", limit: 200));
            var links = statements.SelectMany(s => s["links"]!.AsArray().Select(l => (s.Id(), l.Str("id")))).ToArray();
            var cursors = new List<string>();
            foreach (var list in new[] { "/v1/people", "/v1/topics", "/v1/reversals", $"/v1/people/{people[0]}/timeline", $"/v1/statements/{links[0].Item1}/links" })
            {
                if ((await client.GetJsonAsync($"{list}?limit=1"))["nextCursor"]?.GetValue<string>() is { } cursor) cursors.Add(cursor);
            }
            // The demo story has no fact-check: one is added, so review operations have a real one to aim at.
            var review = await client.PostAsJsonAsync($"/v1/statements/{statements[0].Id()}/reviews",
                new { publisher = new { name = "PolitiFact", url = "https://www.politifact.com" }, rating = "Half True" });
            review.EnsureSuccessStatusCode();
            var reviews = new[] { (await review.Content.ReadFromJsonAsync<JsonObject>())!.Id() };
            // And one import job, so its progress and errors have a real one.
            var upload = new HttpRequestMessage(HttpMethod.Post, "/v1/imports") { Content = new StringContent("{\"type\":\"rumour\"}\n", Encoding.UTF8) };
            upload.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-ndjson");
            var imported = await client.SendAsync(upload);
            var imports = new[] { (await imported.Content.ReadFromJsonAsync<JsonObject>())!.Id() };
            Assert.True(people.Length > 0 && topics.Length > 0 && statements.Count > 0 && links.Length > 0 && cursors.Count > 0, "the demo database has something to aim at");
            return new Pools(people, topics, statements.Select(s => s.Id()).ToArray(), links, [.. cursors], reviews, imports);
        }
    }

    private enum IfMatch { None, Current, Stale, Any, Weak, List, Garbage }

    private sealed record Body(string? ContentType, byte[] Bytes, string Shape);

    /// <summary>One generated request. <see cref="HostilePath"/>: a path value that may take the request off its route.</summary>
    private sealed record FuzzRequest(Operation Operation, string Url, bool HostilePath, Body? Body, IfMatch IfMatch)
    {
        /// <summary>The record an If-Match names: the URL itself, or the statement a restore puts back.</summary>
        public string ResourceUrl
        {
            get
            {
                var path = Url.Split('?')[0];
                return path.EndsWith("/restore", StringComparison.Ordinal) ? path[..^"/restore".Length] : path;
            }
        }

        public override string ToString() =>
            $"{Operation.Method} {Preview(Url, 300)} If-Match: {IfMatch}" +
            (Body is null ? "" : $" Content-Type: {Body.ContentType ?? "(none)"} body ({Body.Shape}, {Body.Bytes.Length} bytes): {Preview(Encoding.UTF8.GetString(Body.Bytes), 300)}");
    }

    /// <summary>A path or query value: text to be escaped, or bytes already percent-encoded and sent as they are.</summary>
    private sealed record Piece(string Text, bool Encoded = false, bool Hostile = false)
    {
        public string Escaped => Encoded ? Text : Uri.EscapeDataString(Text);
    }

    /// <summary>Generators for every part of a request, from the document's parameters and schemas and the demo's real values.</summary>
    private sealed class Generators(Document document, Pools pools)
    {
        private const string RawMarker = "__fuzz_raw__";
        private const string InvalidUtf8Marker = "@@invalid-utf8@@";

        // Text that has broken parsers, queries and renderers: injection, bidirectional and invisible characters,
        // decomposed and astral characters, look-alike digits, control characters, and sheer length.
        private static readonly string[] HostileText =
        [
            "' OR '1'='1", "1; DROP TABLE statements; --", "\" OR \"\"=\"", "%", "_", "*", "\\", "<script>alert(1)</script>",
            "${jndi:ldap://example.org/a}", "../../etc/passwd", "\u202Eevil\u202C", "\u200F\u05E9\u05DC\u05D5\u05DD", "\u200B", "\uFEFF",
            "e\u0301", "🇺🇸👍🏽", "Ω≈ç√", "\u0000", "\u0007", "line\nbreak", "tab\tstop", "\u3000", "٢٠١٧", "２０１７", "NaN", "Infinity",
            "-0", "null", "true", "[]", "{}", "𝕋𝕣𝕦𝕞𝕡", new string('a', 3000), string.Concat(Enumerable.Repeat("é", 2000)), new string('9', 400),
        ];

        // Already percent-encoded: bytes that are not UTF-8 (a lone surrogate's three bytes, an overlong slash, 0xFF,
        // a cut-off sequence), escapes of escapes, and escapes that are not escapes.
        private static readonly string[] HostileEncoded =
        [
            "%ED%A0%80", "%ED%B0%80", "x%ED%A0%80y", "%uD800", "%FF", "%C0%AF", "%F0%9F", "%00", "%2F", "%252F", "%2e%2e", "%E2%80%AE",
            "%", "%G1", "+", "%20", "..", ".",
        ];

        private static readonly string[] Words =
        [
            "Putin", "and", "I", "discussed", "forming", "an", "impenetrable", "Cyber", "Security", "unit", "it", "can't", "happen",
            "ceasefire", "Трамп", "дал", "задний", "ход", "网络", "安全", "وحدة", "מלחמה", "café", "naïve",
        ];

        // Today too: asRecordedAt before the demo was loaded is a 404, and saidAt may be today but not tomorrow.
        private static readonly string[] ValidDates =
        [
            "2017", "2017-07", "2017-07-09", "2017-07-09T20:45:13-04:00", "2017-07-09T19:45Z", "2016-02-29", "2017-07-10T00:45:13.5+00:00",
            "2017-07-09T12:00:00+05:45", $"{DateTime.UtcNow:yyyy}", $"{DateTime.UtcNow:yyyy-MM-dd}",
        ];

        private static readonly string[] InvalidDates =
        [
            "2017-02-30", "2017-13", "2017-00-10", "2017-07-09T24:00:00Z", "2017-07-09T19:45:13", "9999-12-31T23:59:59-14:00",
            "0001-01-01T00:00:00+14:00", "0000", "10000", "-2017", "+2017", "2017-7-9", "17-07-09", "2999-01-01", "2017-07-09T19:45:13+15:00",
            "2017-W28", "2017-190", "20170709", "2017-07-09 19:45:13Z", "2017-07-09T19:45:13.123456789Z", "2017-07-09T19:60Z",
            "2017-07-09T23:59:60Z", "2017-07-09T19:45:13z", "2017-07-09t19:45:13Z", "9999-12-31", "0001-01-01",
        ];

        private static readonly string[] Urls =
        [
            "https://example.org/source", "http://example.org/a?b=c#d", "https://例え.jp/パス", "https://example.org/" + new string('a', 2000),
            "ftp://example.org/a", "javascript:alert(1)", "/relative", "http://", "https://exa mple.org", "mailto:a@example.org",
            "https://user:pass@example.org/", "HTTPS://EXAMPLE.ORG", "data:text/html,<b>x</b>", "https://[::1]/", "https://example.org/" + new string('a', 2100),
        ];

        private static readonly string[] WrongValues =
            ["42", "-1.5", "1.5e300", "true", "false", "null", "\"x\"", "\"\"", "[]", "{}", "[\"a\"]", "[null]", "{\"url\":\"https://example.org\"}", "99999999999999999999999"];

        // Raw tokens no serializer would write: escaped lone surrogates, numbers past double, invalid literals.
        private static readonly string[] RawTokens =
        [
            "\"\\ud800\"", "\"x\\udc00y\"", "\"\\ud83d\"", "\"\\u0000\"", "1e400", "-0", "123456789012345678901234567890", "NaN", "0x10",
            "\"\\uZZZZ\"", "'single'", "undefined", "\"\\/\\b\\f\\n\\r\\t\"",
        ];

        private static readonly string[] UnknownFields = ["qoute", "Quote", "QUOTE", "id", "revision", "__proto__", "constructor", "$ref", "", " ", "quote ", "\u202Equote", "x-extra"];

        private static readonly string[] NotObjects = ["[]", "[{}]", "1", "\"x\"", "null", "true", "", " ", "\uFEFF{}"];

        private static readonly string[] Malformed =
            ["{", "{\"a\":}", "{'a':1}", "{\"a\":1,}", "/* c */{}", "{\"a\" 1}", "{\"a\":1}}", "{\"a\":1} x", "{\"a\":\"unterminated}", "{\"a\":[1,2}"];

        // Wrong ones, and right ones spelt unusually: both must end in a 2xx or a 4xx.
        private static readonly string[] OtherContentTypes =
        [
            "text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
            "application/json-patch+json", "APPLICATION/JSON", "application/problem+json", "application/vnd.api+json", "*/*", "application/",
            ";", "application/json; charset=iso-8859-1", "application/json; charset=\"utf-8\"", "application/json; charset=nope",
            "application/json;charset=utf8", "application/json; charset=UTF-8", "application/merge-patch+json; charset=utf-8", "application/json; foo=bar",
        ];

        private static readonly int[] Depths = [33, 64, 1000, 5000];

        private static readonly int[] HugeLengths = [10_001, 100_000, 1_100_000];

        public Gen<FuzzRequest> Request(Operation operation)
        {
            var path = Path(operation);
            var query = Query(operation);
            var body = operation.RequestBodies.Count > 0 ? Body(operation).Select(b => (Body?)b) : Gen.Const((Body?)null);
            var ifMatch = operation.TakesIfMatch
                ? Gen.Frequency((12, Gen.Const(IfMatch.Current)), (2, Gen.Const(IfMatch.None)), (2, Gen.Const(IfMatch.Stale)), (1, Gen.Const(IfMatch.Any)),
                    (1, Gen.Const(IfMatch.Weak)), (1, Gen.Const(IfMatch.List)), (1, Gen.Const(IfMatch.Garbage)))
                : Gen.Frequency((9, Gen.Const(IfMatch.None)), (1, Gen.Const(IfMatch.Garbage)));
            return Gen.Select(path, query, body, ifMatch, (p, q, b, m) => new FuzzRequest(operation, p.Path + q, p.Hostile, b, m));
        }

        private Gen<(string Path, bool Hostile)> Path(Operation operation)
        {
            var names = operation.Parameters.Where(p => p.In == "path").Select(p => p.Name).ToList();
            var independent = Sequence(names.Select(name => PathValue(operation.Path, name)).ToList())
                .Select(values => names.Zip(values).ToDictionary(p => p.First, p => p.Second));
            var pieces = independent;
            if (names.Contains("id") && names.Contains("linkId"))
            {
                // A link and the statement it belongs to, so link operations get past "not found" most of the time.
                var pair = Gen.OneOf(pools.Links).Select(l => new Dictionary<string, Piece> { ["id"] = new(l.Statement), ["linkId"] = new(l.Link) });
                pieces = Gen.Frequency((3, pair), (1, independent));
            }
            return pieces.Select(values =>
            {
                var path = values.Aggregate(operation.Path, (p, v) => p.Replace($"{{{v.Key}}}", v.Value.Escaped));
                return (path, values.Values.Any(v => v.Hostile));
            });
        }

        private Gen<Piece> PathValue(string path, string name)
        {
            var real = RealValues(path, name);
            // Well-formed but not there: another case, a suffix, an id of the right shape that was never issued.
            var missing = Gen.Select(Gen.OneOf(real), Gen.Int[0, 2], (r, how) => new Piece(how switch
            {
                0 => r.ToUpperInvariant(),
                1 => r + "-x",
                _ => r[..Math.Min(3, r.Length)] + "0000000000000000",
            }));
            return Gen.Frequency(
                (6, Gen.OneOf(real).Select(r => new Piece(r))),
                (1, missing),
                (2, Hostile(inPath: true)));
        }

        private string[] RealValues(string path, string name) => name switch
        {
            "slug" when path.StartsWith("/v1/people", StringComparison.Ordinal) => pools.People,
            "slug" or "topic" or "parent" => pools.Topics,
            "id" or "duplicateOf" or "target" => pools.Statements,
            "linkId" => pools.Links.Select(l => l.Link).ToArray(),
            "reviewId" => pools.Reviews,
            "importId" => pools.Imports,
            "person" => pools.People,
            _ => throw new InvalidOperationException($"The fuzzer has no real values for the path parameter {name} of {path}; add them to Pools."),
        };

        private static Gen<Piece> Hostile(bool inPath = false) => Gen.Frequency(
            (3, Gen.OneOf(HostileText.Where(t => !inPath || !NotInPaths.Contains(Uri.EscapeDataString(t))).ToArray()).Select(t => new Piece(t, Hostile: true))),
            (2, Gen.OneOf(HostileEncoded.Where(e => !inPath || !NotInPaths.Contains(e)).ToArray()).Select(t => new Piece(t, Encoded: true, Hostile: true))));

        /// <summary>
        /// Path values that never reach the operation as sent: HttpClient resolves dot segments before sending (the
        /// request would go to another operation and be judged by the wrong one), and a NUL is refused by Kestrel
        /// with a bare 400 before the service runs (the test host throws instead).
        /// </summary>
        private static readonly string[] NotInPaths = ["%00", ".", "..", "%2e%2e"];

        /// <summary>
        /// Half the queries are clean (each parameter valid or absent), so lists with many parameters still answer 200;
        /// in the other half each parameter may be invalid for its type, hostile or empty.
        /// </summary>
        private Gen<string> Query(Operation operation) => Gen.Frequency((1, Query(operation, dirty: false)), (1, Query(operation, dirty: true)));

        private Gen<string> Query(Operation operation, bool dirty)
        {
            var pairs = operation.Parameters.Where(p => p.In == "query").Select(p => Gen.Frequency(
                (4, Gen.Const((string?)null)),
                // A cursor belongs to one list, filters and order: one from elsewhere is a 400, so clean queries have none.
                (dirty || p.Name != "cursor" ? 6 : 0, ValidQuery(p).Select(v => (string?)$"{p.Name}={Uri.EscapeDataString(v)}")),
                (dirty ? 2 : 0, InvalidQuery(p).Select(v => (string?)$"{p.Name}={Uri.EscapeDataString(v)}")),
                (dirty ? 2 : 0, Hostile().Select(v => (string?)$"{p.Name}={v.Escaped}")),
                (dirty ? 1 : 0, Gen.OneOf("", " ", "%20").Select(v => (string?)$"{p.Name}={v}")))).ToList();
            var names = operation.Parameters.Where(p => p.In == "query").Select(p => p.Name).ToArray();
            var extra = Gen.Frequency(
                (8, Gen.Const((string?)null)),
                (dirty ? 1 : 0, Hostile().Select(v => (string?)$"unknown={v.Escaped}")),
                // The same parameter twice: a binder that takes the first, the last or fails must still answer 4xx at worst.
                (dirty ? 1 : 0, Gen.OneOf([.. names, "limit"]).Select(n => (string?)$"{n}=1&{n}=2")));
            return Gen.Select(Sequence(pairs), extra, (values, more) =>
            {
                var all = values.Append(more).Where(v => v is not null).ToList();
                return all.Count == 0 ? "" : "?" + string.Join("&", all);
            });
        }

        private Gen<string> ValidQuery(Parameter parameter) => parameter.Schema["type"]?.GetValue<string>() switch
        {
            "integer" => Gen.Int[(int?)parameter.Schema["minimum"]?.GetValue<double>() ?? 0, (int?)parameter.Schema["maximum"]?.GetValue<double>() ?? 1000]
                .Select(i => i.ToString(CultureInfo.InvariantCulture)),
            "boolean" => Gen.OneOf("true", "false"),
            _ when parameter.Schema["enum"] is JsonArray values => Gen.OneOf(values.Select(v => v!.GetValue<string>()).ToArray()),
            _ when parameter.Name is "from" or "to" or "asOf" or "asRecordedAt" => Gen.OneOf(ValidDates),
            _ => Text(parameter.Name, parameter.Schema),
        };

        private Gen<string> InvalidQuery(Parameter parameter) => parameter.Schema["type"]?.GetValue<string>() switch
        {
            "integer" => Gen.OneOf("0", "-1", $"{(parameter.Schema["maximum"]?.GetValue<double>() ?? 1000) + 1}", "99999999999999999999", "1.5", "1e2", "abc",
                "0x10", "５", " 7", "+5", "-0", "2147483648", "9223372036854775808"),
            "boolean" => Gen.OneOf("yes", "1", "0", "TRUE", "True", "on", "null"),
            _ when parameter.Schema["enum"] is JsonArray values => Gen.OneOf(values.Select(v => v!.GetValue<string>()).ToArray())
                .SelectMany(v => Gen.OneOf(v.ToUpperInvariant(), v + " ", $"{v},{v}", "all", v[..^1])),
            _ => parameter.Name switch
            {
                "from" or "to" or "asOf" or "asRecordedAt" => Gen.OneOf(InvalidDates),
                "cursor" => Gen.OneOf(pools.Cursors).SelectMany(c => Gen.OneOf(c + "x", c[..^2], c.ToUpperInvariant(), "eyJ9", "====", "eyJzZXEiOi0xfQ",
                    Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"seq\":99999999999999999999}")), "bnVsbA", "W10")),
                _ => Gen.OneOf("DONALD-J-TRUMP", "no-such-thing", "st_0000000000000000"),
            },
        };

        /// <summary>A plausible string for a named field: real slugs and ids, dates, URLs, or words, within its length limits.</summary>
        private Gen<string> Text(string name, JsonObject schema)
        {
            var min = schema["minLength"]?.GetValue<int>() ?? 0;
            var max = schema["maxLength"]?.GetValue<int>() ?? 200;
            return name switch
            {
                "person" => Gen.OneOf(pools.People),
                "topic" or "parent" => Gen.OneOf(pools.Topics),
                "target" or "duplicateOf" => Gen.OneOf(pools.Statements),
                "cursor" => Gen.OneOf(pools.Cursors),
                "saidAt" or "publishedAt" or "from" or "to" or "asOf" or "asRecordedAt" => Gen.Frequency((5, Gen.OneOf(ValidDates)), (1, Gen.OneOf(InvalidDates))),
                "url" or "archiveUrl" => Gen.Frequency((5, Gen.Const("https://example.org/source")), (2, Gen.OneOf(Urls))),
                "slug" => Gen.Frequency((4, Gen.Int[0, 1_000_000].Select(i => $"fuzz-{i}")), (1, Gen.OneOf([.. pools.People, .. pools.Topics])),
                    (1, Gen.OneOf("Not A Slug", "-x", "x--y", "ÜBER", new string('a', 81)))),
                "wikidataId" => Gen.Frequency((3, Gen.Int[1, 99_999_999].Select(i => $"Q{i}")), (1, Gen.OneOf("Q0", "q42", "Q", "P31", "Q1234567890123"))),
                "language" => Gen.OneOf("en", "de-CH", "zh-Hant-TW", "ru", "english!", "", "x-klingon", new string('a', 36)),
                "externalId" => Gen.Frequency((3, Gen.Int[0, 1_000_000].Select(i => $"twitter:{i}")), (1, Gen.OneOf("twitter:884016887692234753", "12345", ":", "a:"))),
                "reason" => Gen.Frequency((4, Sentence(1, 12)), (1, Gen.OneOf(new string('r', 1000), new string('r', 1001), "two\nlines"))),
                _ => Sentence(1, 12).Select(s => s.Length > max ? s[..max] : s).Select(s => s.Length < min ? s + new string('x', min - s.Length) : s),
            };
        }

        private static Gen<string> Sentence(int min, int max) => Gen.OneOf(Words).Array[min, max].Select(words => string.Join(' ', words));

        /// <summary>A JSON value for a schema: valid for it, with real slugs and ids where a field names one.</summary>
        private Gen<JsonNode?> Value(JsonObject schema, string name)
        {
            schema = document.Schemas.Resolve(schema);
            Gen<JsonNode?> value = schema["type"]?.GetValue<string>() switch
            {
                "object" => Object(schema),
                "array" => Value(schema["items"]!.AsObject(), name)
                    .Array[schema["minItems"]?.GetValue<int>() ?? 0, Math.Min(schema["maxItems"]?.GetValue<int>() ?? 3, 3)]
                    .Select(items => (JsonNode?)new JsonArray(items)),
                "integer" => Gen.Int[0, 1000].Select(i => (JsonNode?)JsonValue.Create(i)),
                "number" => Gen.Double.Select(d => (JsonNode?)JsonValue.Create(double.IsFinite(d) ? d : 0)),
                "boolean" => Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
                // A nullable enum lists null among its values.
                _ when schema["enum"] is JsonArray values => Gen.OneOf(values.Select(v => v?.GetValue<string>()).ToArray()).Select(s => s is null ? null : (JsonNode?)JsonValue.Create(s)),
                _ => Text(name, schema).Select(s => (JsonNode?)JsonValue.Create(s)),
            };
            return schema["nullable"]?.GetValue<bool>() == true ? Gen.Frequency((9, value), (1, Gen.Const((JsonNode?)null))) : value;
        }

        private Gen<JsonNode?> Object(JsonObject schema)
        {
            var required = (schema["required"]?.AsArray() ?? []).Select(r => r!.GetValue<string>()).ToHashSet();
            var properties = (schema["properties"]?.AsObject() ?? []).Select(p =>
            {
                var value = Value(p.Value!.AsObject(), p.Key).Select(v => (p.Key, Value: v, Present: true));
                // Optional fields now and then, so a patch changes a field or two and often succeeds.
                return required.Contains(p.Key) ? value : Gen.Frequency((1, value), (2, Gen.Const((p.Key, Value: (JsonNode?)null, Present: false))));
            }).ToList();
            return Sequence(properties).Select(fields =>
            {
                var obj = new JsonObject();
                foreach (var (key, value, present) in fields.Where(f => f.Present)) obj[key] = value;
                return (JsonNode?)obj;
            });
        }

        private enum Shape
        {
            Valid, MissingRequired, WrongType, UnknownField, DeepNesting, HugeString, OddText, RawToken, DuplicateKey, NotAnObject, Malformed,
            InvalidUtf8, OtherContentType, NoContentType,
        }

        private Gen<Body> Body(Operation operation)
        {
            var (documentedType, media) = operation.RequestBodies.First();
            var contentTypes = operation.RequestBodies.Keys.ToArray();
            if (document.Schemas.Resolve(media.Schema)["type"]?.GetValue<string>() == "string") return File(contentTypes);
            var shape = Gen.Frequency(
                (10, Gen.Const(Shape.Valid)), (2, Gen.Const(Shape.MissingRequired)), (2, Gen.Const(Shape.WrongType)), (1, Gen.Const(Shape.UnknownField)),
                (1, Gen.Const(Shape.DeepNesting)), (1, Gen.Const(Shape.HugeString)), (2, Gen.Const(Shape.OddText)), (1, Gen.Const(Shape.RawToken)),
                (1, Gen.Const(Shape.DuplicateKey)), (1, Gen.Const(Shape.NotAnObject)), (1, Gen.Const(Shape.Malformed)), (1, Gen.Const(Shape.InvalidUtf8)),
                (1, Gen.Const(Shape.OtherContentType)), (1, Gen.Const(Shape.NoContentType)));
            var required = (document.Schemas.Resolve(media.Schema)["required"]?.AsArray() ?? []).Select(r => r!.GetValue<string>()).ToArray();
            return Gen.Select(shape, Value(media.Schema, "body"), Gen.Int[0, 1 << 20], Gen.OneOf(HostileText), Gen.OneOf(contentTypes),
                (s, node, pick, hostile, contentType) => Build(s, node!.AsObject(), pick, hostile, contentType, required));
        }

        /// <summary>
        /// A file upload (an import): lines of generated records, hostile text, broken JSON and bytes that are not
        /// UTF-8, under any of the documented content types or none.
        /// </summary>
        private Gen<Body> File(string[] contentTypes)
        {
            var line = Gen.OneOf(
                Gen.OneOf(HostileText),
                Gen.Const("""{"type":"statement","person":"donald-j-trump","quote":"Q","saidAt":"2017-07-09","medium":"tweet","externalId":"fuzz:1","sources":[{"url":"https://example.org"}]}"""),
                Gen.Const("""{"type":"review","statement":"fuzz:1","externalId":"fuzz:r","publisher":{"name":"P","url":"https://example.org"},"rating":"False"}"""),
                Gen.Const("person,quote\r\n\"unterminated"),
                Gen.Const("""{"@context":"https://schema.org","@type":"ClaimReview","claimReviewed":"x"}"""),
                Gen.Const("{\"broken\": "));
            return Gen.Select(line.Array[0, 5], Gen.OneOf([.. contentTypes, "text/plain", ""]), Gen.Bool, (lines, contentType, invalid) =>
            {
                var bytes = Encoding.UTF8.GetBytes(string.Join("\n", lines));
                if (invalid) bytes = [.. bytes, 0xC3, 0x28, (byte)'\n'];
                return new Body(contentType.Length == 0 ? null : contentType, bytes, "File");
            });
        }

        /// <summary>Turns a valid body into the shape asked for; <paramref name="pick"/> chooses which field and which variant.</summary>
        private static Body Build(Shape shape, JsonObject body, int pick, string hostile, string contentType, string[] required)
        {
            var places = Places(body);
            var place = places.Count == 0 ? ((JsonNode)body, (object)"quote") : places[pick % places.Count];
            var raw = (string?)null;
            switch (shape)
            {
                case Shape.MissingRequired:
                    var present = required.Where(body.ContainsKey).ToArray();
                    if (present.Length > 0) body.Remove(present[pick % present.Length]);
                    else body.Clear();
                    break;
                case Shape.WrongType:
                    Set(place, JsonNode.Parse(WrongValues[pick % WrongValues.Length]));
                    break;
                case Shape.UnknownField:
                    var container = places.Select(p => p.Parent).OfType<JsonObject>().Append(body).ElementAt(pick % (places.Count(p => p.Parent is JsonObject) + 1));
                    container[UnknownFields[pick % UnknownFields.Length]] = "x";
                    break;
                case Shape.DeepNesting:
                    var depth = Depths[pick % Depths.Length];
                    raw = pick % 2 == 0 ? new string('[', depth) + new string(']', depth) : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
                    break;
                case Shape.HugeString:
                    raw = "\"" + new string('x', HugeLengths[pick % HugeLengths.Length]) + "\"";
                    break;
                case Shape.OddText:
                    Set(place, JsonValue.Create(pick % 3 == 0 ? hostile : $"{hostile} {hostile}"));
                    break;
                case Shape.RawToken:
                    raw = RawTokens[pick % RawTokens.Length];
                    break;
                case Shape.InvalidUtf8:
                    raw = $"\"a{InvalidUtf8Marker}b\"";
                    break;
            }
            if (raw is not null) Set(place, JsonValue.Create(RawMarker));

            // Half the bodies carry non-ASCII text as UTF-8, half as \u escapes: both must read the same.
            var encoder = pick % 2 == 0 ? JavaScriptEncoder.UnsafeRelaxedJsonEscaping : JavaScriptEncoder.Default;
            var text = body.ToJsonString(new JsonSerializerOptions { Encoder = encoder });
            if (raw is not null) text = text.Replace($"\"{RawMarker}\"", raw);
            text = shape switch
            {
                Shape.DuplicateKey when body.FirstOrDefault() is { Key: var key } => text.Insert(1, $"{JsonSerializer.Serialize(key)}:\"first\","),
                Shape.NotAnObject => NotObjects[pick % NotObjects.Length],
                Shape.Malformed when pick % 3 == 0 => text[..(pick % Math.Max(1, text.Length))],
                Shape.Malformed => Malformed[pick % Malformed.Length],
                _ => text,
            };
            var bytes = Encoding.UTF8.GetBytes(text);
            if (shape == Shape.InvalidUtf8) bytes = ReplaceBytes(bytes, Encoding.UTF8.GetBytes(InvalidUtf8Marker), (pick % 3) switch { 0 => [0xFF], 1 => [0xC0, 0xAF], _ => new byte[] { 0xED, 0xA0, 0x80 } });
            var type = shape switch
            {
                Shape.OtherContentType => OtherContentTypes[pick % OtherContentTypes.Length],
                Shape.NoContentType => null,
                _ => contentType,
            };
            if (type == "application/json; charset=iso-8859-1") bytes = Encoding.Latin1.GetBytes(text);
            return new Body(type, bytes, shape.ToString());
        }

        /// <summary>Every place in the body a value sits: an object's property or an array's element.</summary>
        private static List<(JsonNode Parent, object Key)> Places(JsonNode node)
        {
            var places = new List<(JsonNode, object)>();
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, child) in obj.ToList())
                    {
                        places.Add((obj, key));
                        if (child is not null) places.AddRange(Places(child));
                    }
                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        places.Add((array, i));
                        if (array[i] is { } child) places.AddRange(Places(child));
                    }
                    break;
            }
            return places;
        }

        private static void Set((JsonNode Parent, object Key) place, JsonNode? value)
        {
            if (place.Parent is JsonObject obj) obj[(string)place.Key] = value;
            else place.Parent.AsArray()[(int)place.Key] = value;
        }

        private static byte[] ReplaceBytes(byte[] bytes, byte[] find, byte[] with)
        {
            var at = bytes.AsSpan().IndexOf(find);
            return at < 0 ? bytes : [.. bytes[..at], .. with, .. bytes[(at + find.Length)..]];
        }

        /// <summary>One generator of all their values, each drawn independently, so CsCheck can shrink each on its own.</summary>
        private static Gen<T[]> Sequence<T>(IReadOnlyList<Gen<T>> gens) =>
            gens.Aggregate(Gen.Const(Array.Empty<T>()), (all, next) => Gen.Select(all, next, (values, value) => (T[])[.. values, value]));
    }

    /// <summary>What the fuzzer saw: counts by operation and status, and each distinct finding with one request that shows it.</summary>
    private sealed class Findings
    {
        private readonly ConcurrentDictionary<(string Operation, int Status), int> _answers = new();
        private readonly ConcurrentDictionary<string, (int Count, string Kind, FuzzRequest Example)> _distinct = new();
        private int _requests, _serverErrors, _schemaMismatches;

        public int ServerErrors => _serverErrors;
        public int SchemaMismatches => _schemaMismatches;

        public void Count(Operation operation, int status)
        {
            Interlocked.Increment(ref _requests);
            _answers.AddOrUpdate((operation.Id, status), 1, (_, n) => n + 1);
        }

        public void ServerError() => Interlocked.Increment(ref _serverErrors);

        public void SchemaMismatch() => Interlocked.Increment(ref _schemaMismatches);

        public void Add(string kind, string what, FuzzRequest example) =>
            // Array positions vary from one answer to the next; the finding is the same at any index.
            _distinct.AddOrUpdate(Regex.Replace(what, @"\[\d+\]", "[*]"), (1, kind, example), (_, seen) => (seen.Count + 1, kind, seen.Example));

        public void Print(ITestOutputHelper output, Document document)
        {
            output.WriteLine($"{AttackScale.Describe()}: requests {_requests}, 5xx {_serverErrors}, schema mismatches {_schemaMismatches}, " +
                $"undocumented statuses {_distinct.Values.Where(d => d.Kind == "undocumented status").Sum(d => d.Count)}, " +
                $"wrong content types {_distinct.Values.Where(d => d.Kind == "content type").Sum(d => d.Count)}");
            foreach (var operation in document.Operations)
            {
                var answers = _answers.Where(a => a.Key.Operation == operation.Id).OrderBy(a => a.Key.Status).Select(a => $"{a.Key.Status}×{a.Value}");
                output.WriteLine($"  {operation.Id,-24} {string.Join(" ", answers)}");
            }
            foreach (var (what, (count, kind, example)) in _distinct.OrderBy(d => d.Value.Kind).ThenBy(d => d.Key))
                output.WriteLine($"{kind} ×{count}: {what}\n    e.g. {example}");
        }
    }
}
