namespace Helix.Core.Audiences.Exports;

/// <summary>
/// The common seed-audience upload file (腾讯广告 客户文件人群, 巨量引擎 DMP, 阿里妈妈 DMP): one lower-case hex
/// digest per line, each line ending in <c>\n</c>, no header, no duplicates, sorted ordinally so the same
/// audience always gives the same bytes. ASCII only, so the writer's encoding does not matter (a BOM, if the
/// writer adds one, would be taken for part of the first line: use UTF-8 without BOM).
/// </summary>
public static class SeedFile
{
    /// <summary>
    /// Normalises, hashes and writes <paramref name="identifiers"/>. A row is checked in this order: consent (once per
    /// person), then the value (missing, invalid, all-zero device id), then duplicates. The digests are held in memory
    /// until the end (sorting needs them all): about 100 bytes per line.
    /// </summary>
    /// <remarks>Writes only after every row was read; an exception from the input or the writer propagates.</remarks>
    public static ExportSummary Write(IEnumerable<ExportIdentifier> identifiers, SeedFileSpec spec, TextWriter writer, ExportConsentCheck? mayExport = null)
    {
        var tally = new ExportTally(mayExport);
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var identifier in identifiers)
        {
            tally.In();
            if (!tally.Consents(identifier.PersonId))
            {
                continue;
            }

            var normalized = SeedNormalizer.Normalize(identifier.Value, spec.Type, spec.PhoneStyle);
            if (normalized.Value is null)
            {
                tally.Skip(normalized.Skipped ?? ExportSkipReason.Invalid);
            }
            else if (lines.Add(SeedHashing.Hash(normalized.Value, spec.Hash)))
            {
                tally.Exported();
            }
            else
            {
                tally.Skip(ExportSkipReason.Duplicate);
            }
        }

        foreach (var line in lines)
        {
            writer.Write(line);
            writer.Write('\n');
        }

        return tally.Summary();
    }
}
