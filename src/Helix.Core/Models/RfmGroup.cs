namespace Helix.Core.Models;

/// <summary>The 8 classic RFM groups (DESIGN.md §2): high or low on each of R, F and M.</summary>
public enum RfmGroup
{
    /// <summary>重要价值: R↑F↑M↑ — recent, frequent, big spenders; keep them delighted.</summary>
    ImportantValue,

    /// <summary>重要发展: R↑F↓M↑ — recent big spenders who rarely buy; raise frequency.</summary>
    ImportantDevelop,

    /// <summary>重要保持: R↓F↑M↑ — frequent big spenders gone quiet; win them back first.</summary>
    ImportantKeep,

    /// <summary>重要挽留: R↓F↓M↑ — big spenders, rare and gone quiet; at risk of being lost.</summary>
    ImportantRetain,

    /// <summary>一般价值: R↑F↑M↓ — recent and frequent, but small baskets; upsell.</summary>
    GeneralValue,

    /// <summary>一般发展: R↑F↓M↓ — recent, rare, small: mostly new customers.</summary>
    GeneralDevelop,

    /// <summary>一般保持: R↓F↑M↓ — used to buy often, small, gone quiet.</summary>
    GeneralKeep,

    /// <summary>一般挽留: R↓F↓M↓ — low on everything; lowest priority.</summary>
    GeneralRetain,
}
