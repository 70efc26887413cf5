using Orleans.Metadata;
using Orleans.Placement;

namespace KpiMesh.Grains;

/// <summary>
/// Marks KpiMesh's grains immovable, as <see cref="ImmovableAttribute"/> would each class. Orleans 10 migrates an
/// activation that has a call waiting when its silo stops, and a flush timer's tick is one (Orleans delivers ticks as
/// local messages to the activation's queue). On a lone silo, or the last of a cluster, there is nowhere to go, and
/// each such unit logged an error with a stack trace ("Error while selecting a migration destination for unit/... No
/// active nodes are compatible"): in 2 of 4 runs of the whole suite (LogVolumeTests, durable), and in 1 of 3 of that
/// test alone on a loaded machine. A tick stays behind; another call waiting is forwarded to a new activation (on a
/// silo that stays, which reads the state the leaving one saved), as at any other deactivation. Nothing else in KpiMesh
/// moves grains: no repartitioner or rebalancer is configured.
/// </summary>
internal sealed class StayingGrains : IGrainPropertiesProvider
{
    private static readonly string Any = ((byte)ImmovableKind.Any).ToString();

    public void Populate(Type grainClass, GrainType grainType, Dictionary<string, string> properties)
    {
        if (grainClass.Assembly == typeof(StayingGrains).Assembly) properties[WellKnownGrainTypeProperties.Immovable] = Any;
    }
}
