using KpiMesh.Domain.Submissions;

namespace KpiMesh.Domain.Reporting;

public enum Language
{
    Chinese,
    English,
}

/// <summary>
/// What a clerk reads about an upload, Chinese first (the caller's <c>Accept-Language</c> may ask for English). Item
/// refusals keep the validator's precise English reason after the Chinese one, so nothing it names is lost.
/// </summary>
public static class UploadText
{
    public static Language FromAcceptLanguage(string? header) =>
        header is not null && header.TrimStart().StartsWith("en", StringComparison.OrdinalIgnoreCase) ? Language.English : Language.Chinese;

    public static string NotATemplate(Language l) => l == Language.English
        ? "not a KpiMesh template: the first row must be unit, name, level and then value columns"
        : "不是本系统的报表模板：第一行应为 unit、name、level，之后为指标列";

    public static string UnknownColumn(Language l, string code, int position) => l == Language.English
        ? $"unknown column '{Text.UserText.Clip(code)}' (column {position}): download the template again"
        : $"未知的列“{Text.UserText.Clip(code)}”（第{position}列），请重新下载模板";

    public static string DuplicateColumn(Language l, string code) => l == Language.English
        ? $"column {code} appears twice" : $"列 {code} 重复出现";

    public static string NotANumber(Language l, string text) => l == Language.English
        ? $"'{Text.UserText.Clip(text)}' is not a number" : $"“{Text.UserText.Clip(text)}”不是数字";

    public static string OutsideSubtree(Language l, string unit, string subtree) => l == Language.English
        ? $"unit {unit} is not in the subtree of {subtree} this upload is for"
        : $"单位 {unit} 不在本次上报的 {subtree} 范围内";

    public static string Item(Language l, RejectionReason reason, string english) => l == Language.English ? english : reason switch
    {
        RejectionReason.UnknownUnit => $"单位代码不存在（{english}）",
        RejectionReason.NotSubmittedAtLevel => $"该指标不由此级单位填报（{english}）",
        RejectionReason.BadNumber => $"数值不符合要求，须为非负整数（{english}）",
        RejectionReason.NumeratorAboveDenominator => $"分子大于分母（{english}）",
        RejectionReason.BadOption => $"分组不正确（{english}）",
        RejectionReason.Locked => english, // already Chinese first (ApprovalRules.LockReason)
        RejectionReason.IdConflict => $"与已上报的数据冲突（{english}）",
        _ => $"数据有误（{english}）",
    };
}
