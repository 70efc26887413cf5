namespace KpiMesh.Grains.Log;

/// <summary>The durable store cannot be reached now; the request changed nothing and may be retried.</summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
