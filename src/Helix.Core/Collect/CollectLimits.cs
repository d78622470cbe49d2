namespace Helix.Core.Collect;

/// <summary>Segment's published limits, so SDKs that respect them never see a rejection from Helix.</summary>
public static class CollectLimits
{
    public const int MaxMessageBytes = 32 * 1024;
    public const int MaxBatchBytes = 500 * 1024;
    public const int MaxIdLength = 512;
    public const int MaxEventNameLength = 512;
}
