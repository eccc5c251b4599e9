using System.Text.Json;
using SipGuard.Policy;

namespace SipGuard.Evidence;

/// <summary>Writes a call record's <c>trace</c> (identities and each rule's verdict) and <c>config</c> (the version that decided).</summary>
internal static class EvidenceTraceJson
{
    public static void Write(Utf8JsonWriter json, EvidenceDetails? details)
    {
        if (details?.Trace is { } trace)
        {
            json.WriteStartObject("trace");
            json.WriteString("privacy", trace.Privacy.ToString());
            json.WriteStartArray("identities");
            foreach (var id in trace.Identities)
            {
                json.WriteStartObject();
                json.WriteNumber("index", id.Index);
                json.WriteString("presented", id.Presented);
                json.WriteString("normalized", id.Normalized);
                json.WriteString("form", id.Form.ToString());
                if (id.Anomalies != NumberAnomaly.None)
                {
                    json.WriteString("anomalies", id.Anomalies.ToString());
                }

                if (id.ValidInPlan is { } valid)
                {
                    json.WriteBoolean("valid", valid);
                }

                json.WriteBoolean("anonymous", id.Anonymous);
                json.WriteBoolean("withholds", id.Withholds);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("steps");
            foreach (var step in trace.Steps)
            {
                json.WriteStartObject();
                json.WriteNumber("step", step.Step);
                json.WriteString("rule", step.Rule);
                json.WriteString("verdict", step.Verdict switch
                {
                    StepVerdict.Pass => "pass",
                    StepVerdict.Decided => "decided",
                    _ => "n/a",
                });
                json.WriteString("detail", step.Detail);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        if (details?.Config is { } config)
        {
            json.WriteStartObject("config");
            json.WriteNumber("generation", config.Generation);
            json.WriteString("sha256", config.ConfigSha256);
            json.WriteStartObject("lists");
            foreach (var (id, hash) in config.Lists)
            {
                json.WriteString(id, hash);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }
    }
}
