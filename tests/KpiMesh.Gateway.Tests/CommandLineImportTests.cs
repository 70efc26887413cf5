using System.IO.Compression;
using System.Net;
using KpiMesh.Server.Seeding;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace KpiMesh.Gateway.Tests;

/// <summary><c>--import FILE</c> on the server's command line.</summary>
public sealed class CommandLineImportTests
{
    private static WebApplication Build(string file) => LoopbackServer.Build(["--import", file]);

    [Fact]
    public async Task A_gzipped_file_given_on_the_command_line_is_loaded_at_start_instead_of_the_demo()
    {
        var file = Path.Combine(Path.GetTempPath(), $"kpimesh-{Guid.NewGuid():N}.csv.gz");
        await using (var gzip = new GZipStream(File.Create(file), CompressionLevel.Fastest))
        await using (var writer = new StreamWriter(gzip))
            await writer.WriteAsync(ServerFixture.Hierarchy);
        await using var app = Build(file);
        try
        {
            await app.StartAsync();
            Assert.Null(await app.Services.GetRequiredService<StartupStatus>().Completion.WaitAsync(TimeSpan.FromSeconds(60)));
            using var http = new HttpClient { BaseAddress = LoopbackServer.AddressOf(app) };
            var village = await HttpAssert.OkJsonAsync(await http.GetAsync("/api/v1/units/130104001002"));
            Assert.Equal("村四", village.GetProperty("name").GetString());
            // The demo was not loaded: Hebei's cities other than Shijiazhuang are unknown.
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/v1/units/1302")).StatusCode);
            await app.StopAsync();
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_refused_file_stops_the_server_with_the_reason()
    {
        var file = Path.Combine(Path.GetTempPath(), $"kpimesh-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "code,name,level,parent_code\n86,国,nation,\n13,省,province,77\n");
        await using var app = Build(file);
        try
        {
            try { await app.StartAsync(); }
            catch (OperationCanceledException) { } // the refusal can stop the host before it has finished starting
            var stopping = new TaskCompletionSource();
            app.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
            var status = app.Services.GetRequiredService<StartupStatus>();
            var reason = await status.Completion.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Contains("line 3: unknown parent 77", reason);
            await stopping.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(status.Failed);
        }
        finally
        {
            await app.StopAsync();
            File.Delete(file);
        }
    }
}
