using System.Globalization;
using StatementTracker.Api.Data;

namespace StatementTracker.Api.Auth;

/// <summary>
/// <c>keys create --name NAME --scope SCOPE</c>, <c>keys list</c> and <c>keys revoke NAME</c>: key management from
/// the command line, on the database the service would use, before the host serves anything. There is no HTTP
/// endpoint for it on purpose: whoever can run the service's binary on its database can already do anything.
/// </summary>
public static class KeysCommand
{
    /// <summary>Exit codes: done, refused (a taken or unknown name), and a command line that makes no sense.</summary>
    public const int Ok = 0, Failed = 1, Usage = 2;

    private const string UsageText = """
        Usage:
          keys create --name NAME --scope read|write|admin   make a key; it is printed once, keep it
          keys list                                          every key: name, scope, when made, last used, revoked
          keys revoke NAME                                   refuse a key from now on
        """;

    /// <summary>Whether the command line asks for this command: its first word is "keys".</summary>
    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "keys";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var keys = scope.ServiceProvider.GetRequiredService<ApiKeyStore>();
        var rest = args.Skip(1).ToList();
        var verb = rest.Count > 0 ? rest[0] : null;
        rest = rest.Skip(1).ToList();
        return verb switch
        {
            "create" => await CreateAsync(keys, rest, output, error, ct),
            "list" when rest.Count == 0 => await ListAsync(keys, output, ct),
            "revoke" when rest.Count == 1 && !rest[0].StartsWith('-') => await RevokeAsync(keys, rest[0], output, error, ct),
            "list" or "revoke" => Misused(error, $"'keys {verb}' takes {(verb == "list" ? "no arguments" : "one key name")}."),
            null => Misused(error, "Say what to do with keys."),
            _ => Misused(error, $"'{verb}' is not a keys command."),
        };
    }

    private static async Task<int> CreateAsync(ApiKeyStore keys, List<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        string? name = null, scope = null;
        for (var i = 0; i < args.Count; i++)
        {
            var given = args[i];
            var (option, value) = given.Split('=', 2) is [var o, var v] ? (o, v) : (given, i + 1 < args.Count ? args[++i] : null);
            switch (option)
            {
                case "--name" when name is null: name = value; break;
                case "--scope" when scope is null: scope = value; break;
                case "--name" or "--scope": return Misused(error, $"{option} is given twice.");
                default: return Misused(error, $"'keys create' does not know '{given}'.");
            }
        }
        if (string.IsNullOrEmpty(name)) return Misused(error, "'keys create' needs --name NAME: who will hold the key (\"ci\", \"newsroom-bot\").");
        if (!ApiKeyStore.NamePattern().IsMatch(name))
            return Misused(error, $"The name '{name}' is not allowed: use up to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        if (name is StartupKeys.BootstrapName or StartupKeys.DevelopmentName)
            return Misused(error, $"The name '{name}' belongs to the key the service keeps itself (see {AuthOptions.Section}:{nameof(AuthOptions.BootstrapKey)}); choose another.");
        if (string.IsNullOrEmpty(scope)) return Misused(error, $"'keys create' needs --scope, one of: {string.Join(", ", Scopes.All)}.");
        if (!Scopes.IsKnown(scope)) return Misused(error, $"The scope '{scope}' is not one of: {string.Join(", ", Scopes.All)}.");

        var key = await keys.CreateAsync(name, scope, ct);
        if (key is null)
        {
            await error.WriteLineAsync($"A key named '{name}' exists already (names stay taken after a revoke, so they keep saying who wrote what); choose another name.");
            return Failed;
        }
        // The key alone on standard output, so a script can take it: KEY=$(... keys create ...); the words go beside it.
        await error.WriteLineAsync($"Made the key '{name}' with scope '{scope}'. It is shown only now and cannot be recovered; keep it safe.");
        await output.WriteLineAsync(key);
        return Ok;
    }

    private static async Task<int> ListAsync(ApiKeyStore keys, TextWriter output, CancellationToken ct)
    {
        var rows = await keys.ListAsync(ct);
        if (rows.Count == 0)
        {
            await output.WriteLineAsync("No keys yet. Make one with: keys create --name NAME --scope read|write|admin");
            return Ok;
        }
        // Names, scopes and dates only: the database holds no key to show, and the hash is nobody's business.
        string[] header = ["NAME", "SCOPE", "CREATED", "LAST USED", "REVOKED"];
        var table = rows.Select(r => new[] { r.Name, r.Scope, Show(r.CreatedAt) ?? "", Show(r.LastUsedAt) ?? "never", Show(r.RevokedAt) ?? "-" }).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(c => table.Max(row => row[c].Length)).ToArray();
        foreach (var row in table)
            await output.WriteLineAsync(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        return Ok;
    }

    private static async Task<int> RevokeAsync(ApiKeyStore keys, string name, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (await keys.RevokeAsync(name, ct))
        {
            await output.WriteLineAsync($"Revoked the key '{name}'; requests with it are refused from now on.");
            if (name == StartupKeys.BootstrapName)
                await output.WriteLineAsync($"While {AuthOptions.Section}:{nameof(AuthOptions.BootstrapKey)} is set, the service restores this key when it next starts; unset it to keep it revoked.");
            return Ok;
        }
        if (await keys.FindByNameAsync(name, ct) is { } row)
        {
            await output.WriteLineAsync($"The key '{name}' was revoked already, at {Show(row.RevokedAt)}.");
            return Ok;
        }
        await error.WriteLineAsync($"No key is named '{name}'; `keys list` shows them all.");
        return Failed;
    }

    /// <summary>A stored instant as people read it: to the second, in UTC.</summary>
    private static string? Show(string? instant) =>
        instant is null ? null : UtcText.Parse(instant).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static int Misused(TextWriter error, string message)
    {
        error.WriteLine(message);
        error.WriteLine();
        error.Write(UsageText);
        return Usage;
    }
}
