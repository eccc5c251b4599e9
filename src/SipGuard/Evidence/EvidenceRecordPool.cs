using System.Buffers;
using System.Collections.Concurrent;

namespace SipGuard.Evidence;

/// <summary>
/// Reuses records and their text buffers between the receive threads (rent) and the writer (return),
/// so a burst of interceptions does not churn the GC.
/// </summary>
internal sealed class EvidenceRecordPool(int maxRetained)
{
    private readonly ConcurrentQueue<EvidenceRecord> _free = new();

    public EvidenceRecord Rent(int textBytes)
    {
        var record = _free.TryDequeue(out var r) ? r : new EvidenceRecord();
        record.Text = textBytes == 0 ? [] : ArrayPool<byte>.Shared.Rent(textBytes);
        return record;
    }

    public void Return(EvidenceRecord record)
    {
        if (record.Text.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(record.Text);
        }

        record.Text = [];
        record.ListChange = null;
        record.PaiCount = 0;
        record.RpidCount = 0;
        record.Tag = null;
        record.ListId = null;
        record.TrunkId = null;
        record.Mode = null;

        // Approximate bound: the count is read racily, which at worst keeps a few more records.
        if (_free.Count < maxRetained)
        {
            _free.Enqueue(record);
        }
    }
}
