using System.CommandLine;
using Helix.Cli.Reports;

namespace Helix.Cli.Commands;

/// <summary><c>helix report …</c>: analytics from a running Helix, as tables on screen or CSV files (docs/analytics.md).</summary>
internal static class ReportCommand
{
    public static Command Create() => new("report", "Prints analytics from a running Helix as tables, or writes them as CSV (--csv).")
    {
        FunnelReport.Create(),
        RetentionReport.Create(),
        RfmReport.Create(),
        KpiReport.Create(),
    };
}
