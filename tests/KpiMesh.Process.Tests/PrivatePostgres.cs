using System.Diagnostics;
using KpiMesh.Testing;

namespace KpiMesh.Process.Tests;

/// <summary>
/// A PostgreSQL instance of this test's own (so stopping it disturbs no other test), made with the binaries that
/// scripts/test.sh installed (PG_BIN), on a free loopback port in a temp directory.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _dir;

    private PrivatePostgres(string bin, string dir, int port) => (_bin, _dir, Port) = (bin, dir, port);

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = Environment.GetEnvironmentVariable("PG_BIN")
            ?? throw new InvalidOperationException("PG_BIN is not set: run the tests with scripts/test.sh, which installs PostgreSQL");
        var dir = Directory.CreateTempSubdirectory("kpimesh-pg-private-").FullName;
        if (Environment.UserName == "root") await RunAsync("chown", "postgres:postgres", dir);
        var postgres = new PrivatePostgres(bin, dir, FreePort.Next());
        await postgres.AsOwnerAsync("initdb", "-D", Path.Combine(dir, "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync");
        await postgres.StartServerAsync();
        return postgres;
    }

    public Task StartServerAsync() => AsOwnerAsync("pg_ctl", "-D", Path.Combine(_dir, "data"), "-l", Path.Combine(_dir, "server.log"), "-w", "-t", "60",
        "-o", $"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1", "start");

    /// <summary>Fast shutdown: open connections are cut, as when a database server goes down.</summary>
    public Task StopServerAsync() => AsOwnerAsync("pg_ctl", "-D", Path.Combine(_dir, "data"), "-m", "fast", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        try { await StopServerAsync(); } catch { }
        Directory.Delete(_dir, recursive: true);
    }

    private Task AsOwnerAsync(string tool, params string[] args) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
            : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {await output}{await error}");
    }
}
