namespace StatementTracker.Api.Tests;

/// <summary>Files of the repository the tests check against (openapi.yaml, README.md, db/migrations).</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "StatementTracker.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("The tests run outside the repository: StatementTracker.sln was not found above " + AppContext.BaseDirectory);
    }
}
