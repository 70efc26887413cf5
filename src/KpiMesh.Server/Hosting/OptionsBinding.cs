using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Hosting;

/// <summary>
/// The one way the host reads a configuration section: bound into its options class, data annotations checked at start
/// (ValidateOnStart, so a bad value stops the process instead of surfacing on the first request). What must be decided
/// while the host is still being built, before dependency injection exists, uses the object returned here: the same
/// section through the same binder and the same shortcuts, so both always agree.
/// </summary>
internal static class OptionsBinding
{
    /// <param name="section">The section's name; empty for the root of configuration (so <c>--import FILE</c> binds).</param>
    /// <param name="shortcut">Fills a value from a short environment variable (e.g. <c>KPIMESH_ADMIN_KEY</c>) when given.</param>
    public static T AddBoundOptions<T>(this IServiceCollection services, IConfiguration configuration, string section,
        Action<T, IConfiguration>? shortcut = null) where T : class, new()
    {
        var builder = services.AddOptions<T>().Bind(Of(configuration, section)).ValidateDataAnnotations().ValidateOnStart();
        if (shortcut is not null) builder.PostConfigure(o => shortcut(o, configuration));
        return BindNow(configuration, section, shortcut);
    }

    /// <summary>The section's options as dependency injection will see them, for a section registered elsewhere.</summary>
    public static T BindNow<T>(IConfiguration configuration, string section, Action<T, IConfiguration>? shortcut = null) where T : class, new()
    {
        var now = Of(configuration, section).Get<T>() ?? new T();
        shortcut?.Invoke(now, configuration);
        return now;
    }

    private static IConfiguration Of(IConfiguration configuration, string section) =>
        section.Length == 0 ? configuration : configuration.GetSection(section);
}
