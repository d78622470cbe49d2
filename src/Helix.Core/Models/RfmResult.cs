namespace Helix.Core.Models;

/// <summary>The cut points and reference scores used, so a marketer can see why a customer landed where they did.</summary>
public sealed record RfmResult(RfmCutPoints CutPoints, (double R, double F, double M) Reference, IReadOnlyList<RfmAssignment> Customers);
