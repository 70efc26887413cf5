using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;

namespace KpiMesh.Server.Api;

/// <summary>
/// Problem documents in the caller's language: a request whose Accept-Language prefers Chinese gets the title and the
/// common refusals' details in Chinese; anyone else keeps the English the endpoints write (the API's original wording,
/// which scripts and logs match). Runs for every problem the server writes (ProblemDetailsOptions.CustomizeProblemDetails),
/// so endpoints keep one wording and the translation lives in one place. A detail with no translation stays English.
/// </summary>
internal static partial class ProblemLanguage
{
    private static readonly Dictionary<string, string> Titles = new(StringComparer.Ordinal)
    {
        ["Bad request"] = "请求有误",
        ["Bad Request"] = "请求有误",
        ["Not found"] = "未找到",
        ["Not Found"] = "未找到",
        ["Forbidden"] = "无权访问",
        ["Unauthorized"] = "需要身份验证",
        ["Request too large"] = "请求过大",
        ["Unsupported media type"] = "不支持的内容类型",
        ["Malformed JSON"] = "JSON 格式错误",
        ["Malformed submission batch"] = "提交批次格式错误",
        ["Target refused"] = "目标未被接受",
        ["Scorecard refused"] = "评分表未被接受",
        ["Platform report refused"] = "平台报告未被接受",
        ["Invalid hierarchy file"] = "行政区划文件无效",
        ["Service unavailable"] = "服务暂不可用",
        ["Too many requests"] = "请求过于频繁",
    };

    /// <summary>The refusals people meet most (unknown unit, access, query mistakes), each with its Chinese wording.</summary>
    private static readonly (Regex English, string Chinese)[] Details =
    [
        (UnknownUnit(), "未知单位 $1"),
        (Exact("the unit code is not well formed"), "单位代码格式不正确"),
        (OutsideSubtree(), "单位 $1 不在您的管辖范围（$2）内"),
        (RoleTooWeak(), "角色 $1 无此权限（需要 $3）"),
        (Exact("changing the hierarchy needs an admin of the whole tree"), "修改行政区划需要全域管理员"),
        (Exact("your credentials do not allow this"), "您的凭据不允许此操作"),
        (Exact("send an API key in the X-Api-Key header or a bearer token in Authorization"), "请在 X-Api-Key 请求头中提供 API 密钥，或在 Authorization 中提供令牌"),
        (Exact("the bearer token has expired"), "令牌已过期"),
        (Exact("the query parameter 'indicator' must name an indicator of the catalog"), "查询参数 indicator 必须是指标目录中的指标"),
        (Exact("the query parameter 'indicator' is required"), "缺少查询参数 indicator"),
        (UnknownIndicator(), "未知指标“$1”"),
        (NoOption(), "指标 $1 没有选项“$2”"),
        (Exact("the query parameter 'level' must be a unit level (county, town, village, school...)"), "查询参数 level 必须是单位层级（county、town、village、school……）"),
        (LimitRange(), "limit 必须在 $1 到 $2 之间"),
        (Exact("'from' must not be after 'to'"), "起始日期（from）不能晚于结束日期（to）"),
        (TooManyUnits(), "单位 $3 下的 $2 级单位超过 $1 个：请选择更小的范围或更高的层级"),
        (IngestStalled(), "提交日志中有 $1 行尚未纳入恢复检查点，超过重启时允许重放的 $2 行（Recovery:MaxLagRows）：暂停接收提交，直到检查点追上；请在 Retry-After 秒后重试，本次未应用任何数据"),
    ];

    public static void Translate(ProblemDetailsContext context)
    {
        if (!PrefersChinese(context.HttpContext.Request)) return;
        var problem = context.ProblemDetails;
        if (problem.Title is { } title && Titles.TryGetValue(title, out var chineseTitle)) problem.Title = chineseTitle;
        if (problem.Detail is { } detail)
            foreach (var (english, chinese) in Details)
                if (english.IsMatch(detail)) { problem.Detail = english.Replace(detail, chinese); break; }
        context.HttpContext.Response.Headers.ContentLanguage = "zh-CN";
    }

    /// <summary>Whether the most preferred language the caller names (by q, then order) is Chinese.</summary>
    public static bool PrefersChinese(HttpRequest request)
    {
        var languages = request.GetTypedHeaders().AcceptLanguage;
        var first = languages.Where(l => (l.Quality ?? 1) > 0).OrderByDescending(l => l.Quality ?? 1).FirstOrDefault();
        return first?.Value.Value?.StartsWith("zh", StringComparison.OrdinalIgnoreCase) == true;
    }

    private static Regex Exact(string text) => new("^" + Regex.Escape(text) + "$", RegexOptions.CultureInvariant);

    [GeneratedRegex(@"^unknown unit (\S+)$")] private static partial Regex UnknownUnit();
    [GeneratedRegex(@"^unit (\S+) is outside your subtree \((.*)\)$")] private static partial Regex OutsideSubtree();
    [GeneratedRegex(@"^role (\S+) may not (.+) \(needs (\S+)\)$")] private static partial Regex RoleTooWeak();
    [GeneratedRegex(@"^unknown indicator '(.*)'$")] private static partial Regex UnknownIndicator();
    [GeneratedRegex(@"^(\S+) has no option '(.*)'$")] private static partial Regex NoOption();
    [GeneratedRegex(@"^limit must be between (\d+) and (\d+)$")] private static partial Regex LimitRange();
    [GeneratedRegex(@"^more than (\d+) (\S+) units under (\S+): .*$")] private static partial Regex TooManyUnits();
    [GeneratedRegex(@"^the submission log holds (\d+) rows above the recovery checkpoint, more than the (\d+) a restart may replay .*$")] private static partial Regex IngestStalled();
}
