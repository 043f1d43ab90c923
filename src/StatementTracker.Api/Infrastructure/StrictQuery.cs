using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using StatementTracker.Api.Auth;

namespace StatementTracker.Api.Infrastructure;

/// <summary>
/// Endpoint metadata: query parameters an endpoint reads itself (from <see cref="HttpRequest.Query"/>) rather than
/// through its handler's parameters. The strict query check lets them through, once each, with any value (the
/// endpoint checks it), and the OpenAPI document lists them.
/// </summary>
public sealed record AcceptsQueryMetadata(IReadOnlyList<string> Names);

public static class AcceptsQueryExtensions
{
    /// <summary>
    /// Declares query parameters this endpoint (or every endpoint of a group) reads by hand, e.g.
    /// <c>.AcceptsQuery("format")</c>, so that the strict query check does not refuse them as unknown.
    /// </summary>
    public static TBuilder AcceptsQuery<TBuilder>(this TBuilder builder, params string[] names) where TBuilder : IEndpointConventionBuilder
    {
        if (names.Length == 0 || names.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("Name each query parameter the endpoint reads.", nameof(names));
        return builder.WithMetadata(new AcceptsQueryMetadata(names));
    }
}

/// <summary>One query parameter an operation takes.</summary>
/// <param name="Name">As documented, and as it must be written: camelCase, matched exactly.</param>
/// <param name="Repeats">Whether it may be given more than once: it binds to an array or another list.</param>
/// <param name="ValueType">What one value binds to: a list's element, a nullable's underlying type; string when the endpoint reads it.</param>
public sealed record QueryParameter(string Name, bool Repeats, Type ValueType)
{
    /// <summary>The parameter a handler binds to <paramref name="type"/>: a list repeats, and its elements are what is checked.</summary>
    public static QueryParameter Of(string name, Type type)
    {
        var element = ElementType(type);
        var single = element ?? type;
        return new QueryParameter(name, element is not null, Nullable.GetUnderlyingType(single) ?? single);
    }

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string)) return null;
        if (type == typeof(StringValues) || type == typeof(StringValues?)) return typeof(string);
        if (type.IsArray) return type.GetElementType();
        return type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }
}

/// <summary>
/// What one operation's query string may hold: the parameters it takes, each under its documented name, once
/// unless it is a list, with integers and booleans written exactly as documented. The binder alone would drop an
/// unknown or misspelt parameter (?q=russia on a timeline answers the whole timeline), join or pick among repeated
/// ones, and read TRUE, 1, +5 and " 5" as if they were documented values; each of those answers a question the
/// client did not ask.
/// </summary>
public sealed partial class QueryRules
{
    public QueryRules(string operation, IEnumerable<QueryParameter> parameters)
    {
        Operation = operation;
        // A name declared twice (bound and also declared by hand) is one parameter: the first, the bound one, wins.
        Parameters = parameters.DistinctBy(p => p.Name, StringComparer.Ordinal).ToList();
        _byName = Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    private readonly Dictionary<string, QueryParameter> _byName;

    /// <summary>The operation's name in messages: its operationId (GetTimeline).</summary>
    public string Operation { get; }

    public IReadOnlyList<QueryParameter> Parameters { get; }

    public IEnumerable<string> Names => Parameters.Select(p => p.Name);

    /// <summary>
    /// The rules of an operation from its ApiExplorer description, which is also what the OpenAPI document is made
    /// from: the parameters its handler binds from the query (the properties of [AsParameters] records among them),
    /// camelCased as the document shows them, and any it declares with <see cref="AcceptsQueryExtensions.AcceptsQuery{TBuilder}"/>.
    /// </summary>
    public static QueryRules Describe(string operation, IEnumerable<ApiParameterDescription> parameters, IEnumerable<object> metadata) =>
        new(operation, parameters
            .Where(p => p.Source == BindingSource.Query)
            .Select(p => QueryParameter.Of(JsonNamingPolicy.CamelCase.ConvertName(p.Name), p.Type ?? typeof(string)))
            .Concat(metadata.OfType<AcceptsQueryMetadata>().SelectMany(m => m.Names).Select(name => new QueryParameter(name, false, typeof(string)))));

    /// <summary>Adds an error to <paramref name="errors"/>, under the parameter's name as sent, for everything in <paramref name="query"/> that breaks these rules.</summary>
    public void Check(QueryString query, ValidationErrors errors)
    {
        if (!query.HasValue) return;
        // Read from the raw string, not Request.Query: that one merges names that differ only in case.
        var given = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in new QueryStringEnumerable(query.Value))
        {
            var name = pair.DecodeName().ToString();
            if (!given.TryGetValue(name, out var values)) given[name] = values = [];
            values.Add(pair.DecodeValue().ToString());
        }
        foreach (var (name, values) in given)
        {
            if (!_byName.TryGetValue(name, out var parameter))
            {
                errors.Add(name, QueryMessages.Unknown(name, Operation, [.. Names]));
                continue;
            }
            if (values.Count > 1 && !parameter.Repeats) errors.Add(name, QueryMessages.Repeated(name, values.Count));
            foreach (var value in values.Distinct(StringComparer.Ordinal))
            {
                if (Refuse(parameter, value) is { } message) errors.Add(name, message);
            }
        }
    }

    /// <summary>Why <paramref name="value"/> is not a value of <paramref name="parameter"/> as documented; null when it is.</summary>
    private static string? Refuse(QueryParameter parameter, string value)
    {
        // No text the service keeps can hold U+0000, and PostgreSQL refuses it in any text it is sent, even to compare.
        if (value.Contains('\0')) return QueryMessages.HoldsNul(parameter.Name);
        var type = parameter.ValueType;
        if (type == typeof(bool))
            return value is "true" or "false" ? null : QueryMessages.NotBoolean(parameter.Name, value);
        if (!Integers.TryGetValue(type, out var integer)) return null;
        if (!(integer.Signed ? SignedInteger() : UnsignedInteger()).IsMatch(value)) return QueryMessages.NotInteger(parameter.Name, value, integer.Signed);
        return integer.Fits(value) ? null : QueryMessages.OutOfRange(parameter.Name, value, integer.Min, integer.Max);
    }

    private sealed record IntegerForm(bool Signed, string Min, string Max, Func<string, bool> Fits)
    {
        public static IntegerForm Of<T>() where T : IBinaryInteger<T>, IMinMaxValue<T> => new(
            T.IsNegative(T.MinValue),
            T.MinValue.ToString(null, CultureInfo.InvariantCulture),
            T.MaxValue.ToString(null, CultureInfo.InvariantCulture),
            value => T.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _));
    }

    private static readonly Dictionary<Type, IntegerForm> Integers = new()
    {
        [typeof(sbyte)] = IntegerForm.Of<sbyte>(), [typeof(byte)] = IntegerForm.Of<byte>(),
        [typeof(short)] = IntegerForm.Of<short>(), [typeof(ushort)] = IntegerForm.Of<ushort>(),
        [typeof(int)] = IntegerForm.Of<int>(), [typeof(uint)] = IntegerForm.Of<uint>(),
        [typeof(long)] = IntegerForm.Of<long>(), [typeof(ulong)] = IntegerForm.Of<ulong>(),
    };

    // As JSON writes integers: no plus sign, no leading zeros, no spaces, no point; [0-9], since \d takes other scripts' digits too.
    [GeneratedRegex("^(0|-?[1-9][0-9]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex SignedInteger();

    [GeneratedRegex("^(0|[1-9][0-9]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex UnsignedInteger();
}

/// <summary>What a refused query string is told, in one place: the check says it, the OpenAPI examples show it.</summary>
public static class QueryMessages
{
    public const string Title = "One or more fields are invalid.";

    public static string Detail(string operation) =>
        $"The query string is not one {operation} reads as documented; see errors for each parameter and the rule it broke.";

    public static string Unknown(string name, string operation, IReadOnlyList<string> takes)
    {
        var what = name.Length == 0 ? "A parameter without a name is not one" : $"{name} is not a parameter";
        var list = takes.Count == 0 ? $"{what} of {operation}, which takes no query parameters." : $"{what} of {operation}; it takes: {string.Join(", ", takes)}.";
        // The binder would have taken ?Limit=5 as limit; refusing it silently would be as bad as dropping it.
        var sameLetters = takes.FirstOrDefault(t => string.Equals(t, name, StringComparison.OrdinalIgnoreCase));
        return sameLetters is null ? list : $"{list} Names are case-sensitive: did you mean {sameLetters}?";
    }

    public static string HoldsNul(string name) =>
        $"{name} must not contain the NUL character (%00): no text kept here holds one.";

    public static string Repeated(string name, int count) =>
        $"{name} is given {count} times; it takes one value, so give it once.";

    public static string NotBoolean(string name, string value) =>
        $"{name} must be true or false, in lower case; it was '{Shown(value)}'.";

    public static string NotInteger(string name, string value, bool signed) =>
        $"{name} must be an integer written in digits, like 50: {(signed ? "a minus sign may lead, but no plus sign" : "no sign")}, spaces, leading zeros or decimal point. It was '{Shown(value)}'.";

    public static string OutOfRange(string name, string value, string min, string max) =>
        $"{name} must be an integer from {min} to {max}; it was '{Shown(value)}'.";

    private static string Shown(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

/// <summary>
/// Refuses, before anything binds it, a query string an operation under /v1 would misread: a parameter it does not
/// take, one given twice that takes one value, or an integer or boolean not written as documented. Each operation's
/// rules come from the API description, which the OpenAPI document is made from too, so the names the 400 lists
/// are exactly the documented ones. Empty values were dropped before (<see cref="EmptyQueryParametersMiddleware"/>).
/// </summary>
public sealed class StrictQueryMiddleware
{
    private readonly RequestDelegate _next;
    private readonly Dictionary<string, QueryRules> _rules;

    // The endpoint a request matched is not the object the API description was made from: routing and the
    // description each build their own endpoints from the same route table. Each is paired by its route and methods.
    private readonly ConcurrentDictionary<Endpoint, QueryRules?> _byEndpoint = new(ReferenceEqualityComparer.Instance);

    /// <summary>Reads every endpoint's rules when the pipeline is built, so an endpoint the description lacks stops the service at start-up.</summary>
    public StrictQueryMiddleware(RequestDelegate next, EndpointDataSource endpoints, IApiDescriptionGroupCollectionProvider descriptions)
    {
        _next = next;
        _rules = RulesOf(endpoints.Endpoints, [.. descriptions.ApiDescriptionGroups.Items.SelectMany(g => g.Items)]);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        // Endpoints routing makes up on the spot (the 405 for a wrong method) have no rules: nothing will bind there.
        var rules = context.GetEndpoint() is RouteEndpoint endpoint ? _byEndpoint.GetOrAdd(endpoint, e => _rules.GetValueOrDefault(IdentityOf((RouteEndpoint)e))) : null;
        if (rules is not null)
        {
            var errors = new ValidationErrors();
            rules.Check(context.Request.QueryString, errors);
            if (errors.Any)
            {
                await TypedResults.ValidationProblem(errors.ToDictionary(), detail: QueryMessages.Detail(rules.Operation), title: QueryMessages.Title)
                    .ExecuteAsync(context);
                return;
            }
        }
        await _next(context);
    }

    /// <summary>
    /// Each /v1 endpoint's rules from its description. ApiExplorer describes an endpoint with a copy of that endpoint's
    /// own metadata, so an endpoint and its description are paired by those very objects.
    /// </summary>
    private static Dictionary<string, QueryRules> RulesOf(IReadOnlyList<Endpoint> endpoints, IReadOnlyList<ApiDescription> descriptions)
    {
        var rules = new Dictionary<string, QueryRules>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints.OfType<RouteEndpoint>())
        {
            if (!ScopeRules.IsApi(new PathString("/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/')))) continue;
            var description = descriptions.FirstOrDefault(d => SameMetadata(d.ActionDescriptor.EndpointMetadata, endpoint.Metadata))
                ?? throw new InvalidOperationException(
                    $"'{endpoint.DisplayName}' is under /v1 but not in the API description (was it excluded from it?). The strict query check reads what each operation takes from that description, as the OpenAPI document does; describe it.");
            var operation = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? endpoint.DisplayName ?? endpoint.RoutePattern.RawText ?? "this operation";
            rules[IdentityOf(endpoint)] = QueryRules.Describe(operation, description.ParameterDescriptions, endpoint.Metadata);
        }
        return rules;
    }

    /// <summary>Which operation an endpoint is, the same for every copy of it: its route, methods and name.</summary>
    private static string IdentityOf(RouteEndpoint endpoint) =>
        $"{string.Join(",", endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])} {endpoint.RoutePattern.RawText} {endpoint.DisplayName}";

    private static bool SameMetadata(IList<object> described, EndpointMetadataCollection metadata) =>
        described.Count == metadata.Count && described.Select((item, i) => ReferenceEquals(item, metadata[i])).All(same => same);
}
