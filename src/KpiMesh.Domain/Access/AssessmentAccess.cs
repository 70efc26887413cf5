using KpiMesh.Domain.Hierarchy;
using KpiMesh.Domain.Scorecards;

namespace KpiMesh.Domain.Access;

/// <summary>The three parts seed 001 gives to three different hands.</summary>
public enum AssessmentAction
{
    /// <summary>"基层单位…认真进行对照检查，如实整理工作总结和相关材料" and apply: the unit (a submitter or admin over it).</summary>
    Apply,

    /// <summary>"申报材料初步审核": an admin of a level above the unit, never the unit itself.</summary>
    Review,

    /// <summary>"赴申报单位进行实地考察…量化打分。对符合条件的单位予以命名": an assessor at the rubric's assessing level or above.</summary>
    Assess,
}

/// <summary>Who may move an application along; null when allowed, else the reason for the 403.</summary>
public static class AssessmentAccess
{
    public static string? Denial(Principal principal, AssessmentAction action, string unit, IScorecardRubric rubric, UnitDirectory directory) => action switch
    {
        AssessmentAction.Apply => principal.Role == Role.Assessor
            ? "an assessor scores applications and decides on them; the unit itself self-checks and applies"
            : AccessPolicy.Denial(principal, Permission.Submit, unit, directory),
        AssessmentAction.Review => ReviewDenial(principal, unit, directory),
        _ => AssessDenial(principal, unit, rubric, directory),
    };

    private static string? ReviewDenial(Principal principal, string unit, UnitDirectory directory)
    {
        if (principal.Role is not Role.Admin)
            return $"role {principal.Role.ToWireName()} may not review an application's materials (needs admin of a level above the unit)";
        if (AccessPolicy.Denial(principal, Permission.Administer, unit, directory) is { } outside) return outside;
        return principal.Scope == unit ? $"unit {unit} does not review its own application: the level above checks the materials" : null;
    }

    private static string? AssessDenial(Principal principal, string unit, IScorecardRubric rubric, UnitDirectory directory)
    {
        if (principal.Role is not Role.Assessor)
            return $"only an assessor enters on-site scores and decides naming (your role is {principal.Role.ToWireName()})";
        if (AccessPolicy.Denial(principal, Permission.Read, unit, directory) is { } outside) return outside;
        if (principal.Scope is not { } scope) return null;
        var level = directory.Find(scope)?.Level;
        if (level is not { } l || !l.IsAdministrative() || l > rubric.AssessingLevel)
            return $"an assessor scoped to {scope} is inside the applicant's own subtree below the {rubric.AssessingLevel.ToWireName()} level that assesses {rubric.Id}";
        return null;
    }
}
