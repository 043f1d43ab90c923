using System.Text.Json.Nodes;

namespace StatementTracker.Api.Imports;

/// <summary>
/// A CSV import's header, read once, and the JSON object each row becomes. Every value is a string; an empty cell is
/// an absent field; array elements are kept in index order with the empty ones dropped, so sources[0] and sources[2]
/// make a list of two. A plain <c>topics</c> or <c>aliases</c> column holds a list in one cell, split on ";".
/// </summary>
internal sealed class CsvHeader
{
    public static readonly IReadOnlySet<string> ListFields = new HashSet<string>(StringComparer.Ordinal) { "topics", "aliases" };

    /// <summary>
    /// A field of the object a row becomes: a column's cell, an object of named fields, or an array of indexed ones.
    /// Each remembers the first column that made it, to name in a clash.
    /// </summary>
    private abstract class Field(int column)
    {
        public int Column { get; } = column;
    }

    private sealed class Cell(int column, bool isList) : Field(column)
    {
        public bool IsList { get; } = isList;
    }

    private sealed class ObjectField(int column) : Field(column)
    {
        public List<(string Name, Field Field)> Fields { get; } = [];
    }

    private sealed class ArrayField(int column) : Field(column)
    {
        public SortedDictionary<int, Field> Elements { get; } = [];
    }

    private readonly ObjectField _root;
    private readonly int _columns;

    private CsvHeader(ObjectField root, int columns) => (_root, _columns) = (root, columns);

    /// <summary>The header of a file, or null and an error when a column has no name, a malformed path or a path already taken.</summary>
    public static CsvHeader? Read(CsvRow row, out ImportError? error)
    {
        var names = row.Fields!.Select(f => f.Trim()).ToList();
        var root = new ObjectField(-1);
        var problems = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var column = 0; column < names.Count; column++)
        {
            var name = names[column];
            var steps = name.Length == 0 ? null : CsvPath.Parse(name);
            if (name.Length == 0)
                problems.Add($"column {column + 1} has no name; every column needs a field path such as quote or sources[0].url.");
            else if (steps is null)
                problems.Add($"column {column + 1}, '{name}', is not a field path such as quote, sources[0].url or publisher.name.");
            else if (!seen.TryAdd(CsvPath.Format(steps), column))
                problems.Add($"columns {seen[CsvPath.Format(steps)] + 1} and {column + 1} both name '{name}'.");
            else if (Place(root, steps, column) is { } earlier)
                problems.Add($"column {column + 1}, '{name}', clashes with column {earlier + 1}, '{names[earlier]}': a field cannot be two of a value, an object and a list.");
        }
        error = problems.Count == 0 ? null : new ImportError(row.Line, "", "the header cannot be used: " + string.Join(" ", problems));
        return error is null ? new CsvHeader(root, names.Count) : null;
    }

    public ImportLine ToRecord(CsvRow row)
    {
        var cells = row.Fields!;
        if (cells.Count > _columns)
            return ImportLine.Failed(row.Line, "", $"the record on line {row.Line} has {cells.Count} fields but the header has {_columns} columns.");
        return new ImportLine(row.Line, (JsonObject?)Build(_root, cells) ?? [], null);
    }

    /// <summary>Adds a column's path; returns the earlier column it clashes with, or null.</summary>
    private static int? Place(ObjectField root, IReadOnlyList<CsvPathStep> steps, int column)
    {
        var parent = root;
        for (var i = 0; i < steps.Count; i++)
        {
            var (name, index) = steps[i];
            var last = i == steps.Count - 1;
            Field wanted = index is not null ? new ArrayField(column)
                : last ? new Cell(column, isList: i == 0 && ListFields.Contains(name))
                : new ObjectField(column);
            var field = parent.Fields.FirstOrDefault(f => f.Name == name).Field;
            if (field is null) parent.Fields.Add((name, field = wanted));
            else if (field is Cell || field.GetType() != wanted.GetType()) return field.Column;

            if (field is ArrayField array)
            {
                wanted = last ? new Cell(column, isList: false) : new ObjectField(column);
                if (!array.Elements.TryGetValue(index!.Value, out var element)) array.Elements[index.Value] = element = wanted;
                else if (element is Cell || element.GetType() != wanted.GetType()) return element.Column;
                field = element;
            }
            if (field is ObjectField next) parent = next;
        }
        return null;
    }

    private static JsonNode? Build(Field field, IReadOnlyList<string> cells)
    {
        switch (field)
        {
            case Cell cell:
                var text = cell.Column < cells.Count ? cells[cell.Column] : "";
                if (text.Length == 0) return null;
                if (!cell.IsList) return JsonValue.Create(text);
                var items = text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                return items.Length == 0 ? null : new JsonArray([.. items.Select(i => (JsonNode)JsonValue.Create(i))]);
            case ObjectField objectField:
                var result = new JsonObject();
                foreach (var (name, child) in objectField.Fields)
                {
                    if (Build(child, cells) is { } value) result[name] = value;
                }
                return result.Count == 0 ? null : result;
            default:
                var array = new JsonArray();
                foreach (var element in ((ArrayField)field).Elements.Values)
                {
                    if (Build(element, cells) is { } value) array.Add(value);
                }
                return array.Count == 0 ? null : array;
        }
    }
}
