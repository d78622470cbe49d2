using System.Text;
using Helix.Core.Privacy.Encryption;
using Helix.EventLog;

namespace Helix.Engine.Privacy;

/// <summary>
/// Persons' wrapped data keys in a log of their own (<c>keys/persons/</c> of the data directory): one record per key,
/// appended and fsynced before the key seals anything. Shredding replaces the records with empty ones by rewriting
/// their segments to new files renamed over the old ones, so no file under the directory keeps a shredded key.
/// Segments are small (4 MiB) to keep that rewrite cheap.
/// </summary>
public sealed class PersonKeyLog : IPersonKeyStore, IAsyncDisposable
{
    public const string DirectoryName = "persons";
    private const int ReadBatch = 10_000;
    private readonly EventLog.EventLog _log;
    private readonly Dictionary<(string Workspace, string KeyId), long> _positions = [];
    private readonly Lock _sync = new();

    private PersonKeyLog(EventLog.EventLog log) => _log = log;

    public static PersonKeyLog Open(string directory) =>
        new(EventLog.EventLog.Open(new EventLogOptions(directory) { SegmentMaxBytes = 4L * 1024 * 1024, MaxRecordBytes = 4096 }));

    public IReadOnlyList<WrappedPersonKey> LoadAll()
    {
        var keys = new Dictionary<(string, string), WrappedPersonKey>();
        var position = LogPosition.Start;
        while (position < _log.End)
        {
            foreach (var record in _log.Read(position, ReadBatch))
            {
                if (Decode(record.Payload.Span) is { } key)
                {
                    keys[(key.Workspace, key.KeyId)] = key;
                    lock (_sync)
                    {
                        _positions[(key.Workspace, key.KeyId)] = record.Position.Value;
                    }
                }

                position = new LogPosition(record.Position.Value + 1);
            }
        }

        return [.. keys.Values];
    }

    public async ValueTask AddAsync(IReadOnlyList<WrappedPersonKey> keys, CancellationToken cancellationToken = default)
    {
        if (keys.Count == 0)
        {
            return;
        }

        var first = await _log.AppendAsync(keys.Select(k => (ReadOnlyMemory<byte>)Encode(k)).ToList(), cancellationToken);
        lock (_sync)
        {
            for (var i = 0; i < keys.Count; i++)
            {
                _positions[(keys[i].Workspace, keys[i].KeyId)] = first.Value + i;
            }
        }
    }

    public void Shred(IReadOnlyCollection<(string Workspace, string KeyId)> keys)
    {
        List<long> positions;
        lock (_sync)
        {
            positions = keys.Where(_positions.ContainsKey).Select(k => _positions[k]).ToList();
        }

        if (positions.Count > 0)
        {
            _log.Redact(positions, _ => ReadOnlyMemory<byte>.Empty);
        }

        lock (_sync)
        {
            foreach (var key in keys)
            {
                _positions.Remove(key);
            }
        }
    }

    public ValueTask DisposeAsync() => _log.DisposeAsync();

    // workspace \0 key id \0 wrapped key: ids are text without NUL, the key is the rest.
    private static byte[] Encode(WrappedPersonKey key) =>
        [.. Encoding.UTF8.GetBytes($"{key.Workspace}\0{key.KeyId}\0"), .. key.WrappedKey];

    private static WrappedPersonKey? Decode(ReadOnlySpan<byte> payload)
    {
        var first = payload.IndexOf((byte)0);
        if (first <= 0)
        {
            return null;
        }

        var second = payload[(first + 1)..].IndexOf((byte)0);
        if (second <= 0)
        {
            return null;
        }

        var keyStart = first + 1 + second + 1;
        return new WrappedPersonKey(
            Encoding.UTF8.GetString(payload[..first]),
            Encoding.UTF8.GetString(payload.Slice(first + 1, second)),
            payload[keyStart..].ToArray());
    }
}
