using System.Net;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Auth;

/// <summary>Signs in callers by the X-Api-Key header (API.md), or, in open mode, loopback callers with nothing.</summary>
public sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers.TryGetValue(Header, out var values))
        {
            if (values.Count != 1 || string.IsNullOrEmpty(values[0])) return Task.FromResult(AuthenticateResult.Fail("send exactly one X-Api-Key"));
            var (principal, error) = keys.Find(values[0]!);
            return Task.FromResult(principal is null
                ? AuthenticateResult.Fail(error!)
                : AuthenticateResult.Success(new AuthenticationTicket(PrincipalClaims.ToUser(principal, SchemeName), SchemeName)));
        }
        if (keys.IsOpen && Context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote))
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(PrincipalClaims.ToUser(ApiKeyStore.OpenLoopback, SchemeName), SchemeName)));
        return Task.FromResult(AuthenticateResult.NoResult());
    }
}
