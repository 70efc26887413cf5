namespace KpiMesh.Domain.Text;

/// <summary>
/// Text a client sent, quoted back in a message: clipped, so a megabyte "indicator" does not come back as a megabyte
/// problem document or log line.
/// </summary>
public static class UserText
{
    public const int DefaultLength = 40;

    public static string Clip(string value, int length = DefaultLength) => value.Length <= length ? value : value[..length] + "…";
}
