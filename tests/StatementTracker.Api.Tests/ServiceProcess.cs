using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace StatementTracker.Api.Tests;

/// <summary>
/// The built service (the StatementTracker.Api.dll beside the tests) as a child process on a port of its own,
/// with its output drained so it never blocks on a full pipe. Disposing kills it if it still runs. It runs on the
/// engine the tests run on: <c>database</c> is a SQLite file, or a PostgreSQL schema (<see cref="StatementTrackerApplication.NewDatabase"/>).
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();

    private ServiceProcess(Process process, Uri address, string key)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    }

    public HttpClient Client { get; }

    /// <summary>The last lines the process wrote, for a failure message.</summary>
    public string Log => string.Join("\n", _log);

    public static async Task<ServiceProcess> StartAsync(string database, string key)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "StatementTracker.Api.dll");
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        // The SDK tells test runs which dotnet runs them; outside one, the dotnet on PATH.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { dll, "--urls", address.ToString().TrimEnd('/') }) start.ArgumentList.Add(argument);
        start.Environment["StatementTracker__Database"] = TestDatabase.IsPostgres ? "postgres" : "sqlite";
        start.Environment["ConnectionStrings__StatementTracker"] =
            TestDatabase.IsPostgres ? TestDatabase.PostgresConnectionString(database) : $"Data Source={database}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["StatementTracker__SeedDemoData"] = "false";
        start.Environment["Auth__BootstrapKey"] = key;
        start.Environment.Remove("ASPNETCORE_URLS");

        var process = new Process { StartInfo = start };
        var service = new ServiceProcess(process, address, key);
        process.OutputDataReceived += (_, line) => service.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => service.Keep(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await service.WaitUntilHealthyAsync();
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
        return service;
    }

    /// <summary>SIGKILL on Linux: the process gets no chance to shut down, flush or finish a request.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // It was never started, or has gone already.
        }
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            await _process.WaitForExitAsync(timeout.Token);
        Client.Dispose();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _log.Enqueue(line);
        while (_log.Count > 200) _log.TryDequeue(out _);
    }

    private async Task WaitUntilHealthyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The service exited with {_process.ExitCode} before it was healthy:\n{Log}");
            try
            {
                using var response = await Client.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"The service did not answer /health within 60 s:\n{Log}");
            await Task.Delay(50);
        }
    }

    /// <summary>A port nobody listens on: the system picks one for a listener we close at once.</summary>
    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
