using System.Diagnostics;
using KpiMesh.Testing;

namespace KpiMesh.Process.Tests;

/// <summary>One <c>KpiMesh.Server</c> process on loopback ports, its output kept in a file for diagnosis.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly StreamWriter _log;

    private ServerProcess(System.Diagnostics.Process process, StreamWriter log, Uri address, string logPath) =>
        (_process, _log, Address, LogPath) = (process, log, address, logPath);

    public Uri Address { get; }

    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The server built beside these tests (same configuration), found from the solution folder.</summary>
    public static string ServerDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "KpiMesh.sln")))
                    return Path.Combine(dir.FullName, "src", "KpiMesh.Server", "bin", configuration, "net10.0", "KpiMesh.Server.dll");
            throw new FileNotFoundException("KpiMesh.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <param name="node">Fixes the silo and gateway ports, so a restarted node takes its old place as a real one would.</param>
    public static ServerProcess Start(string name, string postgres, string clusterId, int node, int httpPort)
    {
        var logPath = Path.Combine(Path.GetTempPath(), $"kpimesh-{clusterId}-{name}-{DateTime.UtcNow:HHmmssfff}.log");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            ServerDll, "--urls", $"http://127.0.0.1:{httpPort}",
            "--Orleans:ClusterId", clusterId, "--Orleans:ServiceId", clusterId,
            "--Orleans:SiloPort", (21000 + node).ToString(), "--Orleans:GatewayPort", (31000 + node).ToString(),
            // Declare a killed silo dead in seconds rather than the default half minute.
            "--Orleans:Membership:ProbeTimeout", "00:00:01", "--Orleans:Membership:NumMissedProbesLimit", "2",
            "--Orleans:Membership:TableRefreshTimeout", "00:00:02",
            "--Demo:Enabled", "false",
        }) info.ArgumentList.Add(arg);
        info.Environment["KPIMESH_POSTGRES"] = postgres;
        info.Environment["DOTNET_gcServer"] = "0"; // three servers share two cores
        var process = System.Diagnostics.Process.Start(info)!;
        var log = new StreamWriter(logPath) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerProcess(process, log, new Uri($"http://127.0.0.1:{httpPort}"), logPath);
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"server exited with {_process.ExitCode}; see {LogPath}");
            try
            {
                if ((await http.GetAsync(new Uri(Address, "/health/ready"))).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"server at {Address} not ready after {timeout}; see {LogPath}");
    }

    /// <summary>SIGKILL: no shutdown, no flush, exactly a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await Task.Delay(100);
        lock (_log) _log.Dispose();
        _process.Dispose();
    }
}
