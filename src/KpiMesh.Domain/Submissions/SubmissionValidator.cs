using KpiMesh.Domain.Text;
using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Indicators;
using KpiMesh.Domain.Rollups;

namespace KpiMesh.Domain.Submissions;

/// <summary>
/// Judges one submission against the hierarchy and the programme's indicators. Each item is judged on its own so that
/// a bad item never drops a good one; the error strings are shown to the submitting county as they are.
/// </summary>
/// <param name="ancestorsOf">A unit's ancestors' codes, to tell whether an indicator defined for a subtree exists at the unit.</param>
public sealed class SubmissionValidator(IndicatorCatalog catalog, Func<string, UnitRecord?> findUnit, Func<string, IEnumerable<string>> ancestorsOf)
{
    /// <summary>Counts above this are not plausible for any indicator (and stay exact in a double).</summary>
    public const long MaxCount = 1_000_000_000_000;
    public const int MaxIdLength = 128;
    public const int MaxOptionLength = 64;

    public (ValidSubmission? Valid, string? Error) Validate(SubmissionInput input)
    {
        var (valid, error, _) = Judge(input);
        return (valid, error);
    }

    /// <summary>As <see cref="Validate"/>, with the kind of refusal for counting.</summary>
    public (ValidSubmission? Valid, string? Error, RejectionReason Reason) Judge(SubmissionInput input)
    {
        if (string.IsNullOrEmpty(input.Unit)) return Reject(RejectionReason.Malformed, "unit is required");
        if (!UnitCode.IsWellFormed(input.Unit)) return Reject(RejectionReason.Malformed, "unit is not a well-formed unit code");
        if (string.IsNullOrEmpty(input.Indicator)) return Reject(RejectionReason.Malformed, "indicator is required");
        var indicator = catalog.Find(input.Indicator);
        if (indicator is null) return Reject(RejectionReason.UnknownIndicator, $"unknown indicator '{UserText.Clip(input.Indicator)}'");
        if (indicator.ComputedFrom is { } source)
            return Reject(RejectionReason.Computed, $"{indicator.Id} is computed by KpiMesh and cannot be submitted directly; send {source}");
        var unit = findUnit(input.Unit);
        if (unit is null) return Reject(RejectionReason.UnknownUnit, $"unknown unit {input.Unit}");
        if (indicator.Scope is { } scope && !indicator.AppliesAt(ancestorsOf(unit.Code).Prepend(unit.Code).ToList()))
            return Reject(RejectionReason.UnknownIndicator, $"{indicator.Id} does not exist at {unit.Code}: it is defined for the subtree of {scope} only");
        if (!indicator.IsSubmittedAt(unit.Level))
            return Reject(RejectionReason.NotSubmittedAtLevel, $"{indicator.Id} is not submitted at a {unit.Level.ToWireName()} (only at {string.Join(", ", indicator.SubmittedAt.Select(l => l.ToWireName()))})");

        if (indicator.HasOptions)
        {
            if (input.Option is null) return Reject(RejectionReason.BadOption, $"{indicator.Id} needs an option ({string.Join(", ", indicator.Options)})");
            if (!indicator.Options.Contains(input.Option))
                return Reject(RejectionReason.BadOption, $"unknown option '{UserText.Clip(input.Option)}' for {indicator.Id} (expected {string.Join(", ", indicator.Options)})");
        }
        else if (input.Option is not null) return Reject(RejectionReason.BadOption, $"{indicator.Id} has no options");

        if (!ReportingPeriod.TryParse(input.Period, out var period)) return Reject(RejectionReason.BadPeriod, ReportingPeriod.Problem(input.Period)!);

        if (SubmissionIds.Problem(input.Id) is { } badId) return Reject(RejectionReason.BadId, badId);

        var (numerator, numeratorError) = Count(input.Numerator, "numerator");
        if (numeratorError is not null) return Reject(RejectionReason.BadNumber, numeratorError);
        long denominator;
        if (indicator.IsCoverage)
        {
            if (input.Denominator is not null and not 1) return Reject(RejectionReason.BadNumber, $"{indicator.Id} is yes/no: denominator must be 1 or omitted");
            if (numerator > 1) return Reject(RejectionReason.BadNumber, $"{indicator.Id} is yes/no: numerator must be 0 or 1");
            denominator = 1;
        }
        else if (indicator.IsCount)
        {
            if (input.Denominator is not null and not 0) return Reject(RejectionReason.BadNumber, $"{indicator.Id} is a count: omit the denominator");
            denominator = 0;
        }
        else if (indicator.Kind == IndicatorKind.PerPopulation)
        {
            if (input.Denominator is not null and not 0)
                return Reject(RejectionReason.BadNumber, $"{indicator.Id} is per {indicator.Attribute}: submit the numerator only (the {indicator.Attribute} comes from the unit attributes)");
            denominator = 0;
        }
        else
        {
            if (input.Denominator is null) return Reject(RejectionReason.BadNumber, "denominator is required");
            var (value, denominatorError) = Count(input.Denominator, "denominator");
            if (denominatorError is not null) return Reject(RejectionReason.BadNumber, denominatorError);
            denominator = value;
        }
        // Per population and norm share are not shares of the denominator (teachers may outnumber 1 in 4,000 students).
        if (indicator.Kind is IndicatorKind.Coverage or IndicatorKind.Ratio && numerator > denominator) return Reject(RejectionReason.NumeratorAboveDenominator, $"numerator {numerator} is greater than denominator {denominator}");

        return (new ValidSubmission(unit.Code, new RollupKey(indicator.Id, input.Option), numerator, denominator, period, input.Id), null, default);
    }

    private static (long Value, string? Error) Count(double? value, string name) => value switch
    {
        null => (0, $"{name} is required"),
        { } v when !double.IsFinite(v) => (0, $"{name} must be a finite number"),
        < 0 => (0, $"{name} must not be negative"),
        > MaxCount => (0, $"{name} must not exceed {MaxCount}"),
        { } v when v != Math.Floor(v) => (0, $"{name} must be a whole number (counts of units or people)"),
        { } v => ((long)v, null),
    };

    private static (ValidSubmission?, string?, RejectionReason) Reject(RejectionReason reason, string error) => (null, error, reason);
}
