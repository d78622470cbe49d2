using Helix.Core.Profiles;

namespace Helix.Core.Tests.Profiles;

public sealed class IdentitySimulationTests
{
    private static readonly PersonId A = new("p_a"), B = new("p_b"), C = new("p_c"), X = new("p_x"), Y = new("p_y");

    [Fact]
    public void Compare_CountsThePersonsThatWouldSplitAndMerge()
    {
        // A's events would go to X and Y; B and C would become one (X); nothing else changes.
        var simulation = IdentitySimulation.Compare([(A, X), (A, Y), (B, X), (C, X), (C, X)]);

        Assert.Equal((5L, 3, 2), (simulation.EventsCompared, simulation.PersonsNow, simulation.PersonsProposed));
        Assert.Equal((1, 1), (simulation.PersonsThatWouldSplit, simulation.PersonsThatWouldMerge));
        Assert.Equal(new SimulatedSplit(A, 2), Assert.Single(simulation.SplitExamples));
        Assert.Equal([A, B, C], Assert.Single(simulation.MergeExamples).Persons);
    }

    [Fact]
    public void Compare_SamePartitionUnderOtherIds_ChangesNothing()
    {
        var simulation = IdentitySimulation.Compare([(A, X), (A, X), (B, Y)], examples: 0);

        Assert.Equal((0, 0), (simulation.PersonsThatWouldSplit, simulation.PersonsThatWouldMerge));
        Assert.Equal(simulation.PersonsNow, simulation.PersonsProposed);
    }
}
