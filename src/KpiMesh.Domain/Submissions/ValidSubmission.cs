using KpiMesh.Domain.Rollups;

namespace KpiMesh.Domain.Submissions;

/// <summary>A submission that passed every check and can be applied to its unit.</summary>
public sealed record ValidSubmission(string Unit, RollupKey Key, long Numerator, long Denominator, ReportingPeriod Period, string? Id)
{
    /// <summary>What makes two submissions with the same id "the same body".</summary>
    public string Fingerprint => $"{Unit}|{Key}|{Numerator}|{Denominator}|{Period.Text}";

    /// <summary>The fingerprint as a number, for what keeps it in memory (<see cref="SubmissionDigest"/>).</summary>
    public ulong FingerprintDigest => SubmissionDigest.OfFingerprint(Fingerprint);
}
