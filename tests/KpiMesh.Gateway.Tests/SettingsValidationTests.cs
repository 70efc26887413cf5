using Microsoft.Extensions.Options;

namespace KpiMesh.Gateway.Tests;

/// <summary>Settings are bound into options classes checked at start: nonsense stops the server naming the setting.</summary>
public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("Limits:SubmissionBytes", "0")]
    [InlineData("Limits:Children", "-5")]
    [InlineData("Limits:Burst", "0")]
    [InlineData("Telemetry:TraceSampleRatio", "2")]
    [InlineData("Orleans:AdvertisedIP", "not-an-address")]
    [InlineData("Management:Port", "70000")]
    [InlineData("Stop:SaveBudget", "00:00:40")]
    [InlineData("Stop:Timeout", "00:00:02")]
    [InlineData("Recovery:MaxLagRows", "-1")]
    public async Task A_setting_out_of_range_stops_the_server_before_it_serves(string setting, string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = LoopbackServer.Build(["--Demo:Enabled", "false", "--" + setting, value]);
            await app.StartAsync();
        });
        Assert.Contains(setting.Split(':')[1], error.Message);
    }
}
