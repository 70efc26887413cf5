using System.Collections.Concurrent;
using System.Net;
using KpiMesh.Testing;

namespace KpiMesh.Gateway.Tests;

/// <summary>With an OTLP endpoint set, a server process sends its metrics and traces there (OTLP over HTTP, protobuf).</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Metrics_and_traces_reach_the_configured_OTLP_endpoint()
    {
        var collectorPort = FreePort.Next();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{collectorPort}/");
        collector.Start();
        var received = new ConcurrentDictionary<string, string>();
        var receiving = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                HttpListenerContext context;
                try { context = await collector.GetContextAsync(); } catch (Exception) { return; }
                received[context.Request.Url!.AbsolutePath] = context.Request.ContentType ?? "";
                // An exporter that gave up waiting (a loaded machine) has closed its connection: the request arrived,
                // which is what is checked, and the answer has nobody to go to (a fresh clone's run failed here).
                try
                {
                    context.Response.StatusCode = 200;
                    context.Response.Close();
                }
                catch (Exception error) when (error is ObjectDisposedException or HttpListenerException) { }
            }
        });

        await using var server = ServerProcess.Start(["--Telemetry:TraceSampleRatio", "1", "--ADMIN_KEY", ""], new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{collectorPort}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        try
        {
            using var http = new HttpClient { BaseAddress = server.Address };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!(received.ContainsKey("/v1/metrics") && received.ContainsKey("/v1/traces")))
            {
                Assert.True(DateTime.UtcNow < deadline, "received only: " + string.Join(", ", received.Keys));
                try { await http.GetAsync("/api/v1/indicators"); } catch (HttpRequestException) { } // traced requests
                await Task.Delay(250);
            }
            Assert.All(received.Values, type => Assert.Equal("application/x-protobuf", type));
        }
        finally
        {
            collector.Stop();
            await receiving;
        }
    }
}
