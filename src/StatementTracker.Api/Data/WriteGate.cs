using System.Data.Common;

namespace StatementTracker.Api.Data;

/// <summary>
/// One writer at a time, in the service, in arrival order: SQLite has one write lock, and writers that queue for
/// it inside SQLite spin on busy timeouts and fail with "database is locked" under load. Waiting here instead is
/// cheap and fair. The queue is bounded: past <see cref="MaxQueue"/> waiting writers, or after
/// <see cref="MaxWait"/>, a write is refused with 503 and Retry-After rather than held for ever.
/// </summary>
/// <remarks>
/// With <see cref="GroupCommit"/> (SQLite), writers that queued while one was writing share its transaction
/// (<see cref="WriteGroup"/>): each still writes alone, holding the slot, inside its own savepoint, and the group
/// commits once, with one fsync, when no one else is waiting or the group is <see cref="MaxGroupAge"/> old. PostgreSQL keeps one transaction per write: its commit
/// must also move the data version, and its advisory lock already lets another node's writer in between.
/// </remarks>
public sealed class WriteGate(int maxQueue = 256, TimeSpan? maxWait = null, bool groupCommit = true, TimeSpan? maxGroupAge = null)
{
    /// <summary>The most writes one group commits together, so a steady stream of writers still commits regularly.</summary>
    public const int MaxGroup = 64;

    /// <summary>
    /// How long a group takes in more writers: its first member waits for the group's commit, so a group that kept
    /// growing would hold its first answers back for the whole queue (32 writers of a cold service: over a second).
    /// An fsync costs a few milliseconds; a group of this age has shared it widely enough.
    /// </summary>
    public TimeSpan MaxGroupAge { get; } = maxGroupAge ?? TimeSpan.FromMilliseconds(20);

    private readonly SemaphoreSlim _slot = new(1, 1);
    private int _waiting;

    public int MaxQueue { get; } = maxQueue;
    public TimeSpan MaxWait { get; } = maxWait ?? TimeSpan.FromSeconds(30);

    /// <summary>Whether SQLite writes that queue behind each other share one commit (see <see cref="WriteGroup"/>).</summary>
    public bool GroupCommit { get; } = groupCommit;

    /// <summary>The group transaction still open, left by the writer before; only the slot's holder touches it.</summary>
    internal WriteGroup? Group { get; set; }

    /// <summary>Whether any writer is queued for the slot now.</summary>
    internal bool HasWaiters => Waiting > 0;

    /// <summary>How many writers are queued for the slot now.</summary>
    internal int Waiting => Volatile.Read(ref _waiting);

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

    /// <summary>
    /// A member of <paramref name="group"/> is done (its savepoint released or rolled back) and gives the slot back:
    /// to the next waiting writer, who joins the group, or, when no one waits or the group is full or old enough,
    /// after the group's commit. The first time a group is handed on, a closer queues for the slot behind the writers waiting then, so
    /// the group commits even when they all give up waiting.
    /// </summary>
    internal async Task FinishAsync(WriteGroup group, IDisposable slot)
    {
        try
        {
            if (!group.Broken && group.Joined < MaxGroup && group.Age < MaxGroupAge && HasWaiters)
            {
                if (!group.CloserQueued)
                {
                    group.CloserQueued = true;
                    _ = CloseLaterAsync(group);
                }
                return;
            }
            await CommitAsync(group);
        }
        finally
        {
            slot.Dispose();
        }
    }

    private async Task CloseLaterAsync(WriteGroup group)
    {
        // Outside the queue's limits: the closer must get its turn, or the group's writers would wait for ever.
        await _slot.WaitAsync();
        try
        {
            if (Group == group) await CommitAsync(group);
        }
        finally
        {
            _slot.Release();
        }
    }

    /// <summary>Commits the group left open, if any; only the slot's holder calls it (a write that will not join a group).</summary>
    internal Task CommitOpenGroupAsync() => Group is { } open ? CommitAsync(open) : Task.CompletedTask;

    private async Task CommitAsync(WriteGroup group)
    {
        if (Group == group) Group = null;
        await group.CommitAsync();
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

/// <summary>
/// One SQLite write transaction shared by writers that queued behind each other (<see cref="WriteGate.GroupCommit"/>).
/// Each member writes alone, holding the slot, inside its own savepoint on the group's connection: a member that fails
/// rolls back to its savepoint and answers its own error, and the others are untouched. Every member that released its
/// savepoint waits for <see cref="Committed"/> before answering, so no 2xx goes out before the group's one commit is
/// durable; a failed commit fails them all.
/// </summary>
public sealed class WriteGroup(DbConnection connection, DbTransaction transaction, Func<DbConnection, ValueTask> release)
{
    private readonly List<TaskCompletionSource> _committed = [];
    private readonly long _opened = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>How long ago the group's transaction began.</summary>
    public TimeSpan Age => System.Diagnostics.Stopwatch.GetElapsedTime(_opened);

    public DbConnection Connection => connection;
    public DbTransaction Transaction => transaction;

    /// <summary>How many writers entered the group, whether their work stayed in it or not.</summary>
    public int Joined { get; set; }

    /// <summary>SQLite ended the transaction itself (an error that rolls back a whole transaction): nothing more may join, and the group fails.</summary>
    public bool Broken { get; set; }

    public bool CloserQueued { get; set; }

    /// <summary>A member whose savepoint was released: the task completes when the group's commit is durable.</summary>
    public Task Committed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _committed.Add(done);
        return done.Task;
    }

    public async Task CommitAsync()
    {
        Exception? failure = Broken ? new InvalidOperationException("The database rolled back the write group's transaction; its writes were not kept.") : null;
        try
        {
            // Committing is not abandoned halfway: the members' clients hanging up does not undo their work.
            if (failure is null && _committed.Count > 0) await transaction.CommitAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        try
        {
            // Nothing committed (every member failed, or the commit did): disposing rolls back whatever is left.
            await transaction.DisposeAsync();
        }
        catch (Exception ex) when (Db.IsDatabaseError(ex))
        {
            // A transaction the database ended itself has nothing left to roll back.
        }
        finally
        {
            // Every member is answered whatever happens to the connection next.
            foreach (var done in _committed)
            {
                if (failure is null) done.TrySetResult();
                else done.TrySetException(failure);
            }
            // And the connection goes back whatever the rollback threw: kept, it could hold the write lock for good.
            await release(connection);
        }
    }
}

/// <summary>The service is writing as fast as it can and the queue is full: a 503 with Retry-After.</summary>
public sealed class WriteQueueFullException(string message) : Exception(message);
