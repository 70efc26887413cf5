using KpiMesh.Domain.Maps;

namespace KpiMesh.Domain.Tests;

public sealed class BoundaryMatcherTests
{
    [Fact]
    public void Codes_then_renamings_then_names_then_unique_prefixes()
    {
        var match = BoundaryMatcher.Match(
            [new("130100", "石家庄市"), new("130223", "滦县"), new(null, "沧县"), new("650000", "新疆"), new("130521", "邢台县")],
            [("1301", "石家庄市"), ("130284", "滦州市"), ("130921", "沧县"), ("65", "新疆维吾尔自治区"), ("130171", "石家庄高新技术产业开发区")]);
        Assert.Equal("1301", match.UnitByBoundary["石家庄市"]);
        Assert.Equal("130284", match.UnitByBoundary["滦县"]);
        Assert.Equal("130921", match.UnitByBoundary["沧县"]);
        Assert.Equal("65", match.UnitByBoundary["新疆"]);
        Assert.False(match.UnitByBoundary.ContainsKey("邢台县")); // merged into other districts: no unit of its own
        Assert.Equal(["130171"], match.Unmatched);
        Assert.True(BoundaryMatcher.IsDevelopmentZone("130171"));
        Assert.False(BoundaryMatcher.IsDevelopmentZone("130181"));
    }

    [Fact]
    public void An_ambiguous_prefix_matches_nothing_rather_than_the_wrong_unit()
    {
        var match = BoundaryMatcher.Match([new(null, "桥西")], [("130104", "桥西区"), ("130503", "桥西新区")]);
        Assert.Empty(match.UnitByBoundary);
        Assert.Equal(2, match.Unmatched.Count);
    }
}
