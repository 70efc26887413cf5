namespace KpiMesh.Domain.Access;

public enum Permission
{
    /// <summary>Read rollups, history, targets and scorecards of a unit.</summary>
    Read,

    /// <summary>Submit values, platform reports and scorecards for a unit.</summary>
    Submit,

    /// <summary>Approve, accept or re-open the reporting periods of units below the principal's own.</summary>
    Approve,

    /// <summary>Set targets for a unit's subtree, read its audit trail.</summary>
    Administer,

    /// <summary>Load or change the hierarchy itself: only an admin of the whole tree.</summary>
    ChangeHierarchy,

    /// <summary>Replace the whole programme or load unit attributes: only an admin of the whole tree.</summary>
    ChangeProgramme,
}
