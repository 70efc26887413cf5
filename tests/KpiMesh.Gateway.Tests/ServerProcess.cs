using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using KpiMesh.Testing;

namespace KpiMesh.Gateway.Tests;

/// <summary>
/// KpiMesh.Server (built beside these tests) as a process of its own on loopback, for what an in-process server
/// cannot show: environment variables, the start-up log, process-wide meters. Its output is kept for failure messages.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <param name="arguments">Configuration beyond the address, the demo (off) and free silo ports.</param>
    /// <param name="environment">Variables to set; the test runner's KPIMESH_POSTGRES and KPIMESH_ADMIN_KEY are never inherited.</param>
    public static ServerProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort.Next();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "KpiMesh.Server.dll"), "--urls", $"http://127.0.0.1:{port}", "--Demo:Enabled", "false",
            "--Orleans:SiloPort", FreePort.Next().ToString(), "--Orleans:GatewayPort", FreePort.Next().ToString(),
        }.Concat(arguments)) info.ArgumentList.Add(arg);
        info.Environment.Remove("KPIMESH_POSTGRES");
        info.Environment.Remove("KPIMESH_ADMIN_KEY");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        return new ServerProcess(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>Until <paramref name="healthPath"/> answers success and, if given, the log holds <paramref name="logLine"/>.</summary>
    public async Task WaitAsync(string healthPath, string? logLine = null, int seconds = 60)
    {
        using var http = new HttpClient { BaseAddress = Address };
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(healthPath)).IsSuccessStatusCode && (logLine is null || Output.Contains(logLine))) return;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline) Assert.Fail($"the server never answered {healthPath}: {Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Stops the server as Kubernetes and Ctrl+C do (SIGTERM, SIGINT), waiting up to <paramref name="patience"/>.
    /// </summary>
    /// <returns>The exit code and how long the process took to end, or null when it did not end in time.</returns>
    public async Task<(int ExitCode, TimeSpan Took)?> StopAsync(TimeSpan patience, PosixSignal signal = PosixSignal.SIGTERM)
    {
        var started = Stopwatch.StartNew();
        if (Kill(_process.Id, signal == PosixSignal.SIGINT ? 2 : 15) != 0) throw new InvalidOperationException($"kill({_process.Id}) failed");
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
    private static extern int Kill(int pid, int signal);

    public async ValueTask DisposeAsync()
    {
        if (_process.HasExited)
        {
            _process.Dispose();
            return;
        }
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
