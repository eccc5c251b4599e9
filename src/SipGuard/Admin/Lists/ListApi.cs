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
            body = await request.ReadFromJsonAsync(AdminJson.Web.ListEntriesRequest, request.HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            return Error("the body must be JSON: {\"entries\": [\"+8613800000000\", ...]}", 400);
        }

        if (body?.Entries is not { Count: > 0 and <= MaxEntriesPerRequest } entries)
        {
            return Error($"'entries' must hold 1 to {MaxEntriesPerRequest} entries", 400);
        }

        var canonical = new List<string>(entries.Count);
        foreach (var entry in entries)
        {
            if (!RuntimeListEntries.TryCanonicalize(policy, entry, out var c, out var error))
            {
                return Error($"'{entry}': {error}", 400);
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
            return Results.Json(new ListAdded(added, outcome?.Applied ?? true, Errors(outcome)), AdminJson.Web.ListAdded);
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
            return Results.Json(new ListRemoved(1, outcome.Applied, Errors(outcome)), AdminJson.Web.ListRemoved);
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
        return Results.Json(new ListEntryPresence(source is not null, source), AdminJson.Web.ListEntryPresence);
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
        Error("a change needs the admin token: Authorization: Bearer <token from admin.token_file>", 401);

    /// <summary>Clustered and Redis out of reach: the change is refused (not queued), so no node holds an entry the others never see.</summary>
    private static IResult Unavailable(ClusterUnavailableException e) => Error(e.Message, 503);

    private static IResult NoList(string list) => Error($"no list '{list}'", 404);

    private static IResult NotRuntime(string list, string entry) =>
        Error($"'{entry}' is not a runtime entry of '{list}' (entries of the list file are changed in the file)", 404);

    private static IResult Error(string error, int status) => Results.Json(new AdminError(error), AdminJson.Web.AdminError, statusCode: status);

    [LoggerMessage(EventId = 62, Level = LogLevel.Information, Message = "List API: {By} {Action} {Count} entr(ies) on list {List}; applied: {Applied}, evidence recorded: {Recorded}")]
    private static partial void Changed(ILogger logger, string by, string action, int count, string list, bool applied, bool recorded);
}
