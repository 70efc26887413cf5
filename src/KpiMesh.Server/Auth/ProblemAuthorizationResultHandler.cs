using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.IdentityModel.Tokens;

namespace KpiMesh.Server.Auth;

/// <summary>401 and 403 as problem documents that say what was wrong with the credentials (API.md: every error is one).</summary>
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Challenged)
        {
            // The middleware keeps only a successful result; asking again returns the handler's cached failure.
            var failure = (await context.AuthenticateAsync()).Failure;
            context.Response.Headers.WWWAuthenticate = "Bearer, ApiKey";
            await Results.Problem(Describe(failure), title: "Unauthorized", statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context);
            return;
        }
        if (result.Forbidden)
        {
            // A handler that knows why (the metrics' whole-tree rule) says so; otherwise the generic reason.
            var reason = result.AuthorizationFailure?.FailureReasons.FirstOrDefault()?.Message ?? "your credentials do not allow this";
            await Results.Problem(reason, title: "Forbidden", statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
            return;
        }
        await _default.HandleAsync(next, context, policy, result);
    }

    private static string Describe(Exception? failure) => failure switch
    {
        null => "send an API key in the X-Api-Key header or a bearer token in Authorization",
        SecurityTokenExpiredException => "the bearer token has expired",
        SecurityTokenInvalidAudienceException => "the bearer token is meant for another audience",
        SecurityTokenInvalidIssuerException => "the bearer token comes from an issuer this server does not trust",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "the bearer token's signature is not valid",
        SecurityTokenException => "the bearer token is not valid",
        ArgumentException => "the bearer token is malformed",
        _ => failure.Message,
    };
}
