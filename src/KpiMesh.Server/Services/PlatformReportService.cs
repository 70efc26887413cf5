using KpiMesh.Grains;
using KpiMesh.Domain.Platform;

namespace KpiMesh.Server.Services;

/// <summary>Takes a platform report: the domain judges it against its level's standard, and the two values it implies go in as submissions.</summary>
public sealed class PlatformReportService(SiloUnitDirectory directory, SubmissionIngestor ingestor)
{
    public sealed record Result(PlatformAssessment? Assessment, string? Error);

    public async Task<Result> SubmitAsync(string code, PlatformReport report, string submittedBy, CancellationToken cancellationToken)
    {
        var unit = await directory.RequireAsync(code);
        var (outcome, error) = PlatformAssessor.Assess(unit, report);
        if (outcome is null) return new Result(null, error);
        await ingestor.IngestComputedAsync(outcome.Submissions, submittedBy, cancellationToken);
        return new Result(outcome.Assessment, null);
    }
}
