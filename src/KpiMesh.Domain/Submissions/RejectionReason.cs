namespace KpiMesh.Domain.Submissions;

/// <summary>Why an item was refused, in few enough kinds to count by (the submissions dashboard).</summary>
public enum RejectionReason
{
    Malformed,
    UnknownUnit,
    UnknownIndicator,
    NotSubmittedAtLevel,
    BadOption,
    BadPeriod,
    BadId,
    BadNumber,
    NumeratorAboveDenominator,
    Computed,
    IdConflict,

    /// <summary>The (unit, period), or one above it, is approved or accepted.</summary>
    Locked,
}

public static class RejectionReasons
{
    public static string ToWireName(this RejectionReason reason) => reason switch
    {
        RejectionReason.UnknownUnit => "unknown_unit",
        RejectionReason.UnknownIndicator => "unknown_indicator",
        RejectionReason.NotSubmittedAtLevel => "wrong_level",
        RejectionReason.BadOption => "bad_option",
        RejectionReason.BadPeriod => "bad_period",
        RejectionReason.BadId => "bad_id",
        RejectionReason.BadNumber => "bad_number",
        RejectionReason.NumeratorAboveDenominator => "numerator_above_denominator",
        RejectionReason.Computed => "computed_indicator",
        RejectionReason.IdConflict => "id_conflict",
        RejectionReason.Locked => "locked",
        _ => "malformed",
    };
}
