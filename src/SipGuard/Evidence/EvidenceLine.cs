using System.Text.Json;

namespace SipGuard.Evidence;

/// <summary>One line of the log as the verifier sees it: its place, its chain fields, its own hash, and a checkpoint's fields.</summary>
internal sealed record EvidenceLine(string File, int Number, long? Seq, string? Prev, string Hash)
{
    public EvidenceCheckpoint? Checkpoint { get; init; }

    public bool LastInFile { get; init; }

    public static EvidenceLine Parse(string file, int number, ReadOnlySpan<byte> bytes)
    {
        long? seq = null;
        string? prev = null;
        var isCheckpoint = false;
        try
        {
            var reader = new Utf8JsonReader(bytes);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                // seq, prev, time and type come first in every line: read no further than type.
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isSeq = reader.ValueTextEquals(EvidenceJson.Seq);
                    var isPrev = !isSeq && reader.ValueTextEquals(EvidenceJson.Prev);
                    var isType = !isSeq && !isPrev && reader.ValueTextEquals(EvidenceJson.Type);
                    reader.Read();
                    if (isSeq && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var s))
                    {
                        seq = s;
                    }
                    else if (isPrev && reader.TokenType == JsonTokenType.String)
                    {
                        prev = reader.GetString();
                    }
                    else if (isType)
                    {
                        isCheckpoint = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("checkpoint"u8);
                        break;
                    }

                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            seq = null;
        }

        return new EvidenceLine(file, number, seq, prev, EvidenceChain.Hash(bytes))
        {
            Checkpoint = isCheckpoint ? EvidenceCheckpoint.Parse(bytes) : null,
        };
    }
}
