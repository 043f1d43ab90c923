namespace StatementTracker.Api.Infrastructure;

/// <summary>
/// File names given on the command line, read from where the command was typed. `dotnet run --project` starts the
/// service in the project's folder, so a relative name is resolved against the shell's own directory (PWD) when
/// the shell says what it is.
/// </summary>
public static class CommandLinePaths
{
    public static string Resolve(string path)
    {
        if (Path.IsPathRooted(path)) return path;
        var shell = Environment.GetEnvironmentVariable("PWD");
        return Path.GetFullPath(path, !string.IsNullOrEmpty(shell) && Directory.Exists(shell) ? shell : Environment.CurrentDirectory);
    }
}
