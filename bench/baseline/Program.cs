// The baseline for bench/run.sh: what the cheapest possible ASP.NET Core answer costs on this machine, measured in
// the same run as the service so every ratio is "our cost against the cost of sending those bytes".
//
//   GET /hello        a JSON hello-world, written by the framework's own serializer
//   GET /same/{name}  the exact bytes the service answered for scenario {name}, from memory, with its content type
//
// The bytes come from the folder given as the first argument: {name}.body and {name}.type (one line: the
// Content-Type the service sent). Everything is read once at start-up; nothing touches the disk per request.
using System.Collections.Frozen;

if (args.Length == 0 || args[0].StartsWith("--")) throw new ArgumentException("usage: Baseline FOLDER [--urls URL]");
var folder = args[0];
var answers = Directory.GetFiles(folder, "*.body").ToFrozenDictionary(
    path => Path.GetFileNameWithoutExtension(path),
    path => (Body: File.ReadAllBytes(path), Type: File.ReadAllText(Path.ChangeExtension(path, ".type")).Trim()));

var builder = WebApplication.CreateSlimBuilder(args[1..]);  // the folder is no setting: a path read as a "/key value" switch would swallow --urls
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
var app = builder.Build();

app.MapGet("/hello", () => TypedResults.Ok(new Hello("Hello, World!")));
app.MapGet("/same/{name}", (string name, HttpContext http) =>
{
    if (!answers.TryGetValue(name, out var answer)) return Results.NotFound();
    return Results.Bytes(answer.Body, answer.Type);
});
app.MapGet("/health", () => Results.Text("ok"));

app.Run();

internal sealed record Hello(string Message);
