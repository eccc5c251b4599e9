using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SipGuard.Admin.Lists;
using SipGuard.OperatorConsole;

namespace SipGuard.Admin;

/// <summary>
/// Every JSON body the admin address reads or writes, serialized by generated code (web defaults:
/// camelCase names, nulls written) instead of reflection, so the admin address works the same in a
/// Native AOT build, where reflection-based serialization is off.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AdminError))]
[JsonSerializable(typeof(ListEntriesRequest))]
[JsonSerializable(typeof(ListAdded))]
[JsonSerializable(typeof(ListRemoved))]
[JsonSerializable(typeof(ListEntryPresence))]
[JsonSerializable(typeof(IReadOnlyList<ListSummary>))]
[JsonSerializable(typeof(IReadOnlyList<JsonObject>))]
[JsonSerializable(typeof(ConsoleLive))]
[JsonSerializable(typeof(ExplainForm))]
[JsonSerializable(typeof(ExplainAnswer))]
[JsonSerializable(typeof(ConsoleConfig))]
internal sealed partial class AdminJson : JsonSerializerContext
{
    /// <summary>
    /// The context to answer with: JSON escaping only what JSON needs (a trace keeps its quotes and
    /// arrows readable, as ASP.NET Core's own defaults wrote it); the console writes text as text.
    /// </summary>
    public static AdminJson Web { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}

/// <summary>An admin request refused: what was wrong, for the operator.</summary>
internal sealed record AdminError(string Error);
