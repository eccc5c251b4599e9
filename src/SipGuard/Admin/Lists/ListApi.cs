using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using SipGuard.Cluster;
using SipGuard.Evidence;
using SipGuard.Hosting;
using SipGuard.Policy;
using SipGuard.Reload;

namespace SipGuard.Admin.Lists;

/// <summary>
/// The single-node list API: runtime entries over each list file, added and removed with an admin bearer token
/// (401 without it), read by anyone who reaches the admin address. A change is written to the overlay, applied by
/// a reload (the list file itself comes from the cache, so a large list is not read again) and recorded as
/// evidence (who, by token name; what; when).
/// </summary>
internal sealed partial class ListApi(
    ConfigStore<RuntimeSnapshot> store,
    ConfigWatcher<RuntimeSnapshot> watcher,
    IListOverlay overlay,
    EvidenceLog evidence,
    ILogger<ListApi> logger) : IAdminRoutes
{
    private const int MaxEntriesPerRequest = 10_000;
    private readonly Lock _changes = new();

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/lists/{list}/entries", Add);
        routes.MapDelete("/api/lists/{list}/entries/{entry}", Remove);
        routes.MapGet("/api/lists/{list}/entries/{entry}", Get);
    }

    private async Task<IResult> Add(string list, HttpRequest request)
    {
        if (AdminTokens.Authenticate(request, store.Current.Config.Admin.Tokens) is not { } by)
        {
            return Unauthorized();
        }

        var policy = store.Current.Snapshot.Proxy.Policy;
        if (!RuntimeListEntries.Files(policy).ContainsKey(list))
        {
            return NoList(list);
        }

        ListEntriesRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<ListEntriesRequest>(JsonOptions, request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            return Results.Json(new { error = "the body must be JSON: {\"entries\": [\"+8613800000000\", ...]}" }, statusCode: 400);
        }

        if (body?.Entries is not { Count: > 0 and <= MaxEntriesPerRequest } entries)
        {
            return Results.Json(new { error = $"'entries' must hold 1 to {MaxEntriesPerRequest} entries" }, statusCode: 400);
        }

        var canonical = new List<string>(entries.Count);
        foreach (var entry in entries)
        {
            if (!RuntimeListEntries.TryCanonicalize(policy, entry, out var c, out var error))
            {
                return Results.Json(new { error = $"'{entry}': {error}" }, statusCode: 400);
            }

            canonical.Add(c);
        }

        lock (_changes)
        {
            int added;
            try
            {
                added = overlay.Add(store.Current.Config, list, canonical);
            }
            catch (ClusterUnavailableException e)
            {
                return Unavailable(e);
            }

            var outcome = added > 0 ? Apply(by, "add", list, canonical) : null;
            return Results.Json(new { added, applied = outcome?.Applied ?? true, errors = Errors(outcome) });
        }
    }

    private IResult Remove(string list, string entry, HttpRequest request)
    {
        if (AdminTokens.Authenticate(request, store.Current.Config.Admin.Tokens) is not { } by)
        {
            return Unauthorized();
        }

        var policy = store.Current.Snapshot.Proxy.Policy;
        if (!RuntimeListEntries.Files(policy).ContainsKey(list))
        {
            return NoList(list);
        }

        if (!RuntimeListEntries.TryCanonicalize(policy, entry, out var canonical, out _))
        {
            return NotRuntime(list, entry);
        }

        lock (_changes)
        {
            bool removed;
            try
            {
                removed = overlay.Remove(store.Current.Config, list, canonical);
            }
            catch (ClusterUnavailableException e)
            {
                return Unavailable(e);
            }

            if (!removed)
            {
                return NotRuntime(list, entry);
            }

            var outcome = Apply(by, "remove", list, [canonical]);
            return Results.Json(new { removed = 1, applied = outcome.Applied, errors = Errors(outcome) });
        }
    }

    private IResult Get(string list, string entry)
    {
        var active = store.Current;
        var policy = active.Snapshot.Proxy.Policy;
        if (RuntimeListEntries.InFile(policy, list, entry) is not { } inFile)
        {
            return NoList(list);
        }

        var runtime = RuntimeListEntries.TryCanonicalize(policy, entry, out var canonical, out _) &&
            overlay.Read(active.Config).TryGetValue(list, out var entries) && entries.Contains(canonical, StringComparer.Ordinal);
        var source = runtime ? "api" : inFile ? "file" : null;
        return Results.Json(new { present = source is not null, source });
    }

    private ReloadOutcome Apply(string by, string action, string list, IReadOnlyList<string> entries)
    {
        var recorded = evidence.OnListChanged(new ListChangeEvidence(by, action, list, entries));
        var outcome = watcher.ReloadNow($"list api: {action} {entries.Count} on {list} by {by}");
        Changed(logger, by, action, entries.Count, list, outcome.Applied, recorded);
        return outcome;
    }

    private static string[] Errors(ReloadOutcome? outcome) => outcome?.Errors.Select(e => e.ToString()).ToArray() ?? [];

    private static IResult Unauthorized() =>
        Results.Json(new { error = "a change needs the admin token: Authorization: Bearer <token from admin.token_file>" }, statusCode: 401);

    /// <summary>Clustered and Redis out of reach: the change is refused (not queued), so no node holds an entry the others never see.</summary>
    private static IResult Unavailable(ClusterUnavailableException e) => Results.Json(new { error = e.Message }, statusCode: 503);

    private static IResult NoList(string list) => Results.Json(new { error = $"no list '{list}'" }, statusCode: 404);

    private static IResult NotRuntime(string list, string entry) =>
        Results.Json(new { error = $"'{entry}' is not a runtime entry of '{list}' (entries of the list file are changed in the file)" }, statusCode: 404);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    [LoggerMessage(EventId = 62, Level = LogLevel.Information, Message = "List API: {By} {Action} {Count} entr(ies) on list {List}; applied: {Applied}, evidence recorded: {Recorded}")]
    private static partial void Changed(ILogger logger, string by, string action, int count, string list, bool applied, bool recorded);
}
