namespace StatementTracker.Api.Data;

/// <summary>
/// Which database the service runs on (<c>StatementTracker:Database</c>): the embedded SQLite file, the default, or
/// a shared PostgreSQL that several service nodes use at once.
/// </summary>
public enum DatabaseEngine
{
    Sqlite,
    Postgres,
}
