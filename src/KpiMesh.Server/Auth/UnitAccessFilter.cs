using KpiMesh.Domain.Access;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Grains;
using KpiMesh.Server.Api;

namespace KpiMesh.Server.Auth;

/// <summary>
/// Runs the domain's access policy for the unit in the route (<c>{code}</c>) before the endpoint touches any grain,
/// answering 403 with the reason when it refuses.
/// </summary>
internal sealed class UnitAccessFilter(Permission permission) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var (principal, error) = PrincipalClaims.FromUser(context.HttpContext.User);
        if (principal is null) return Problems.Forbidden(error!);
        var code = context.HttpContext.GetRouteValue("code") as string;
        string? denial;
        if (code is null || !UnitCode.IsWellFormed(code)) denial = AccessPolicy.RoleDenial(principal, permission);
        else
        {
            var directory = context.HttpContext.RequestServices.GetRequiredService<SiloUnitDirectory>();
            if (principal.Scope is not null) await directory.FindAsync(code);
            denial = directory.Read(d => AccessPolicy.Denial(principal, permission, code, d));
        }
        return denial is null ? await next(context) : Problems.Forbidden(denial);
    }
}

internal static class UnitAccessFilterExtensions
{
    public static TBuilder RequireUnit<TBuilder>(this TBuilder builder, Permission permission) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new UnitAccessFilter(permission));

    /// <summary>The principal of a request that passed authentication (every API request does).</summary>
    public static Principal Principal(this HttpContext context) =>
        PrincipalClaims.FromUser(context.User).Principal ?? throw new InvalidOperationException("no principal on an authorised request");
}
