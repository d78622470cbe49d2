using Helix.Core.Collect;
using Helix.Core.Profiles;
using Helix.Core.Profiles.Facts;

namespace Helix.Core.Tests.Profiles;

internal static class FactBookTesting
{
    /// <summary>What the pipeline does with one event: the graph places it, the book takes the merges, then observes it.</summary>
    public static PersonId Apply(this FactBook book, ProfileGraph graph, CollectedMessage message, long position)
    {
        var merges = new List<PersonMerge>();
        var person = graph.Apply(message, position, merges);
        merges.ForEach(book.Merge);
        book.Observe(message, person, position);
        return person;
    }
}
