namespace KpiMesh.Domain.Programmes;

/// <summary>One thing wrong with a programme document, and where (a JSON path such as <c>$.targets[2].milestones[0].value</c>).</summary>
public sealed record ProgrammeProblem(string Path, string Message);
