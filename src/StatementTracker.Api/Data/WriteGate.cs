namespace StatementTracker.Api.Data;

/// <summary>
/// One writer at a time, in the service, in arrival order: SQLite has one write lock, and writers that queue for
/// it inside SQLite spin on busy timeouts and fail with "database is locked" under load. Waiting here instead is
/// cheap and fair. The queue is bounded: past <see cref="MaxQueue"/> waiting writers, or after
/// <see cref="MaxWait"/>, a write is refused with 503 and Retry-After rather than held for ever.
/// </summary>
public sealed class WriteGate(int maxQueue = 256, TimeSpan? maxWait = null)
{
    private readonly SemaphoreSlim _slot = new(1, 1);
    private int _waiting;

    public int MaxQueue { get; } = maxQueue;
    public TimeSpan MaxWait { get; } = maxWait ?? TimeSpan.FromSeconds(30);

    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        var waiting = Interlocked.Increment(ref _waiting);
        try
        {
            // A write that finds the slot free never waits; one that would wait beyond the queue's length is refused.
            if (waiting > MaxQueue && _slot.CurrentCount == 0) throw new WriteQueueFullException($"{MaxQueue} writes are waiting already.");
            if (!await _slot.WaitAsync(MaxWait, ct)) throw new WriteQueueFullException($"a write waited {MaxWait.TotalSeconds:0} s for its turn.");
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        return new Slot(_slot);
    }

    private sealed class Slot(SemaphoreSlim slot) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slot.Release();
        }
    }
}

/// <summary>The service is writing as fast as it can and the queue is full: a 503 with Retry-After.</summary>
public sealed class WriteQueueFullException(string message) : Exception(message);
