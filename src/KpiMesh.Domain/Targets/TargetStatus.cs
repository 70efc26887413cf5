using KpiMesh.Domain.Text;

namespace KpiMesh.Domain.Targets;

public enum TargetStatus
{
    /// <summary>At or above the milestone that applies now.</summary>
    Met,

    /// <summary>Below it, but at or above where the straight line from the start to the milestone is today.</summary>
    OnTrack,

    /// <summary>Below that line by no more than <see cref="TargetEvaluator.AtRiskMargin"/>.</summary>
    AtRisk,

    /// <summary>Further below the line, or the milestone's day has passed without it being met.</summary>
    OffTrack,
}

public static class TargetStatuses
{
    public static string ToWireName(this TargetStatus status) => WireNames<TargetStatus>.Of(status);
}
