namespace StatementTracker.Api.Imports;

/// <summary>
/// The running count of an import, updated by one runner and read by anyone asking for progress: every number is
/// read and written whole, so a reader sees a slightly old count, never a torn one.
/// </summary>
public sealed class ImportReport
{
    public const int KeptErrors = 10_000;

    private readonly object _gate = new();
    private readonly Dictionary<string, (long Created, long Updated, long Unchanged)> _byType = [];
    private readonly List<ImportProblem> _problems = [];

    public long BytesRead { get; set; }
    public long Records { get; private set; }
    public long Skipped { get; private set; }
    public long Errors { get; private set; }

    public void Read() { lock (_gate) Records++; }

    public void Count(string type, ImportOutcome outcome)
    {
        lock (_gate)
        {
            var (created, updated, unchanged) = _byType.GetValueOrDefault(type);
            _byType[type] = outcome switch
            {
                ImportOutcome.Created => (created + 1, updated, unchanged),
                ImportOutcome.Updated => (created, updated + 1, unchanged),
                _ => (created, updated, unchanged + 1),
            };
        }
    }

    /// <summary>Many records of one type created at once (a restored dump's rows).</summary>
    public void CountCreated(string type, long count)
    {
        lock (_gate)
        {
            var (created, updated, unchanged) = _byType.GetValueOrDefault(type);
            _byType[type] = (created + count, updated, unchanged);
            Records += count;
        }
    }

    public void Problem(ImportError error)
    {
        lock (_gate)
        {
            if (error.Skipped) Skipped++;
            else Errors++;
            if (_problems.Count < KeptErrors) _problems.Add(new ImportProblem(error.Line, error.Field, error.Message, error.Skipped));
        }
    }

    public IReadOnlyDictionary<string, ImportTally> ByType
    {
        get { lock (_gate) return _byType.OrderBy(t => Array.IndexOf(ImportWriter.Types, t.Key) is var i and >= 0 ? i : int.MaxValue).ToDictionary(t => t.Key, t => new ImportTally(t.Value.Created, t.Value.Updated, t.Value.Unchanged)); }
    }

    public IReadOnlyList<ImportProblem> Problems(int take = int.MaxValue)
    {
        lock (_gate) return _problems.Take(take).ToList();
    }

    public long Created => ByType.Values.Sum(t => t.Created);
    public long Updated => ByType.Values.Sum(t => t.Updated);
    public long Unchanged => ByType.Values.Sum(t => t.Unchanged);
}
