using System.Diagnostics;
using KpiMesh.Testing;
using Xunit.Abstractions;

namespace KpiMesh.Gateway.Tests;

/// <summary>k8s/ renders with kubectl's kustomize and every object passes the official Kubernetes schemas (offline).</summary>
public sealed class ManifestTests(ITestOutputHelper output)
{
    private static async Task<(int Code, string Out, string Error)> RunAsync(string file, string[] args, string? input = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null, UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Repository.Root,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Kustomize_renders_and_every_object_is_valid_against_the_Kubernetes_schemas()
    {
        var kubectl = Environment.GetEnvironmentVariable("KUBECTL") ?? "kubectl";
        var (code, rendered, error) = await RunAsync(kubectl, ["kustomize", "k8s"]);
        Assert.True(code == 0, $"kubectl kustomize k8s failed: {error}");
        var validator = Path.Combine(Repository.Root, "tests", "manifests", "validate.mjs");
        Assert.True(Directory.Exists(Path.Combine(Repository.Root, "tests", "manifests", "node_modules")),
            "tests/manifests/node_modules is missing: run the tests with scripts/test.sh, which runs npm ci there");
        var (valid, report, problems) = await RunAsync("node", [validator], rendered);
        output.WriteLine(report);
        Assert.True(valid == 0, problems + report);
        Assert.Contains("9 objects valid", report);
    }
}
