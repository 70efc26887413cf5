using KpiMesh.Domain.Access;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Grains;
using KpiMesh.Server.Api;

namespace KpiMesh.Server.Auth;

/// <summary>
/// Resolves the unit in the route (<c>{code}</c>) once per request, before the endpoint touches any grain: the role
/// first (403), then the code's shape (400), then the domain's access policy (403 with the reason: a scoped caller
/// learns nothing about units outside its subtree, not even whether they exist), then existence (404). The handler
/// receives the unit as a <see cref="RouteUnit"/> parameter.
/// </summary>
internal sealed class UnitAccessFilter(Permission permission) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var (principal, error) = PrincipalClaims.FromUser(context.HttpContext.User);
        if (principal is null) return Problems.Forbidden(error!);
        if (AccessPolicy.RoleDenial(principal, permission) is { } weak) return Problems.Forbidden(weak);
        if (context.HttpContext.GetRouteValue("code") is not string code) return await next(context);
        if (!UnitCode.IsWellFormed(code)) return Problems.BadRequest("the unit code is not well formed");

        var directory = context.HttpContext.RequestServices.GetRequiredService<SiloUnitDirectory>();
        var unit = await directory.FindAsync(code);
        if (directory.Read(d => AccessPolicy.Denial(principal, permission, code, d)) is { } denial) return Problems.Forbidden(denial);
        if (unit is null) return Problems.NotFound($"unknown unit {code}");
        RouteUnit.Set(context.HttpContext, unit);
        return await next(context);
    }
}

/// <summary>
/// The unit of the route, resolved by <see cref="UnitAccessFilter"/>: a handler that takes one never sees a malformed,
/// unknown or forbidden code. Bound before filters run, so it reads the unit only when the handler asks.
/// </summary>
public sealed class RouteUnit
{
    private static readonly object Key = new();
    private readonly HttpContext _context;

    private RouteUnit(HttpContext context) => _context = context;

    public UnitRecord Unit => _context.Items[Key] as UnitRecord
        ?? throw new InvalidOperationException("the endpoint takes a RouteUnit but has no RequireUnit filter");

    public string Code => Unit.Code;

    public static ValueTask<RouteUnit?> BindAsync(HttpContext context) => ValueTask.FromResult<RouteUnit?>(new RouteUnit(context));

    internal static void Set(HttpContext context, UnitRecord unit) => context.Items[Key] = unit;
}

internal static class UnitAccessFilterExtensions
{
    public static TBuilder RequireUnit<TBuilder>(this TBuilder builder, Permission permission) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new UnitAccessFilter(permission));

    /// <summary>The principal of a request that passed authentication (every API request does).</summary>
    public static Principal Principal(this HttpContext context) =>
        PrincipalClaims.FromUser(context.User).Principal ?? throw new InvalidOperationException("no principal on an authorised request");
}
