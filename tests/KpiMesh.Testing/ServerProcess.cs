using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace KpiMesh.Testing;

/// <summary>
/// One <c>KpiMesh.Server</c> process on loopback, for what an in-process server cannot show: environment variables,
/// the start-up log, process-wide meters, a SIGKILL. Its output is kept (in <see cref="Output"/> and in the file at
/// <see cref="LogPath"/>) for failure messages and diagnosis.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, StreamWriter log, Uri address, string logPath)
    {
        (_process, _log, Address, LogPath) = (process, log, address, logPath);
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>The server built beside the tests (copied beside them when referenced, else found from the solution folder).</summary>
    public static string ServerDll
    {
        get
        {
            var beside = Path.Combine(AppContext.BaseDirectory, "KpiMesh.Server.dll");
            if (File.Exists(beside)) return beside;
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            return Path.Combine(Repository.Root, "src", "KpiMesh.Server", "bin", configuration, "net10.0", "KpiMesh.Server.dll");
        }
    }

    /// <param name="arguments">Configuration beyond the address and the demo (off); silo ports are free ones unless given here.</param>
    /// <param name="environment">Variables to set; the test runner's KPIMESH_POSTGRES and KPIMESH_ADMIN_KEY are never inherited.</param>
    /// <param name="httpPort">A fixed HTTP port (a restarted node takes its old place); a free one when null.</param>
    /// <param name="name">Names the log file.</param>
    public static ServerProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        int? httpPort = null, string name = "server")
    {
        var port = httpPort ?? FreePort.Next();
        var given = arguments.ToList();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var defaults = new List<string> { ServerDll, "--urls", $"http://127.0.0.1:{port}", "--Demo:Enabled", "false" };
        if (!given.Contains("--Orleans:SiloPort"))
            defaults.AddRange(["--Orleans:SiloPort", FreePort.Next().ToString(), "--Orleans:GatewayPort", FreePort.Next().ToString()]);
        foreach (var arg in defaults.Concat(given)) info.ArgumentList.Add(arg);
        info.Environment.Remove("KPIMESH_POSTGRES");
        info.Environment.Remove("KPIMESH_ADMIN_KEY");
        foreach (var (variable, value) in environment ?? new Dictionary<string, string>()) info.Environment[variable] = value;
        var logPath = Path.Combine(Path.GetTempPath(), $"kpimesh-{name}-{port}-{DateTime.UtcNow:HHmmssfff}.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        return new ServerProcess(Process.Start(info)!, log, new Uri($"http://127.0.0.1:{port}"), logPath);
    }

    /// <summary>
    /// Until <paramref name="healthPath"/> answers success and, if given, the log holds <paramref name="logLine"/>;
    /// throws (failing the test with the server's output) if the process exits or the time runs out.
    /// </summary>
    public async Task WaitAsync(string healthPath, string? logLine = null, TimeSpan? timeout = null)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"server exited with {_process.ExitCode}; see {LogPath}: {Output}");
            try
            {
                if ((await http.GetAsync(healthPath)).IsSuccessStatusCode && (logLine is null || Output.Contains(logLine))) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"the server at {Address} never answered {healthPath}; see {LogPath}: {Output}");
    }

    public Task WaitReadyAsync(TimeSpan timeout) => WaitAsync("/health/ready", timeout: timeout);

    /// <summary>SIGKILL: no shutdown, no flush, exactly a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>
    /// Stops the server as Kubernetes and <c>docker stop</c> do (SIGTERM; .NET treats Ctrl+C's SIGINT the same way),
    /// waiting up to <paramref name="patience"/>.
    /// </summary>
    /// <returns>The exit code and how long the process took to end, or null when it did not end in time.</returns>
    public async Task<(int ExitCode, TimeSpan Took)?> StopAsync(TimeSpan patience)
    {
        const int sigterm = 15;
        var started = Stopwatch.StartNew();
        if (SendSignal(_process.Id, sigterm) != 0) throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed");
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        return (_process.ExitCode, started.Elapsed);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    public async ValueTask DisposeAsync()
    {
        Kill();
        await Task.Delay(100);
        lock (_log) _log.Dispose();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        lock (_log) _log.WriteLine(line);
    }
}
