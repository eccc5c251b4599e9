using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SipGuard.Admin;
using SipGuard.Evidence;
using SipGuard.Hosting;
using SipGuard.Reload;

namespace SipGuard.OperatorConsole;

/// <summary>
/// The operator console on the admin address: the page at <c>/</c>, its embedded assets, the call-rate chart
/// (SVG) and the read-only JSON each panel polls. Everything here only reads; list changes go through the list
/// API with the admin token. Every answer forbids scripts and styles from anywhere but SipGuard itself, and the
/// page writes caller-supplied text (identities in evidence) as text, never as markup.
/// </summary>
internal sealed class ConsoleRoutes(
    ConfigStore<RuntimeSnapshot> store,
    LiveCounters live,
    ReloadHistory reloads,
    ListInventory lists,
    IUpstreamStatusSource upstreams,
    ProxyStatus proxy,
    EvidenceLog evidence,
    IExplainer explainer,
    TimeProvider time) : IAdminRoutes
{
    private const string Policy = "default-src 'self'; img-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'";

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", (HttpContext context) => Asset(context, "index.html"));
        routes.MapGet("/console/{name}", (HttpContext context, string name) => Asset(context, name));
        routes.MapGet("/console/chart.svg", (HttpContext context) =>
        {
            Secure(context);
            return Results.Text(CallRateChart.Render(live.Samples(), time.GetUtcNow()), "image/svg+xml; charset=utf-8");
        });
        routes.MapGet("/api/console/live", Live);
        routes.MapGet("/api/console/evidence", Evidence);
        routes.MapPost("/api/console/explain", Explain);
        routes.MapGet("/api/console/lists", () => Results.Json(lists.Current(), AdminJson.Web.IReadOnlyListListSummary));
        routes.MapGet("/api/console/config", Config);
    }

    private static IResult Asset(HttpContext context, string name)
    {
        if (ConsoleAssets.Find(name) is not { } asset)
        {
            return Results.NotFound();
        }

        Secure(context);
        return Results.Bytes(asset.Body, asset.ContentType);
    }

    private static void Secure(HttpContext context)
    {
        context.Response.Headers.ContentSecurityPolicy = Policy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "no-store";
    }

    private IResult Live()
    {
        var samples = live.Samples();
        var oldest = samples[0].Calls;
        var now = samples[^1].Calls;
        var overloads = live.Overloads();
        var answer = new ConsoleLive(
            LiveCounters.Window.TotalMinutes,
            now.ToDictionary(kv => kv.Key, kv => kv.Value - oldest.GetValueOrDefault(kv.Key)),
            now,
            live.Interceptions(),
            overloads,
            overloads.GetValueOrDefault("receive-backlog"),
            upstreams.Details(),
            proxy.ListenersUp,
            evidence.QueueDepth,
            evidence.Dropped);
        return Results.Json(answer, AdminJson.Web.ConsoleLive);
    }

    private IResult Evidence(string? trunk, string? reason, string? number, string? since, string? until, int? limit)
    {
        var query = new EvidenceQuery(trunk, reason, number, Time(since), Time(until), Math.Clamp(limit ?? 100, 1, 1000));
        var browser = new EvidenceBrowser(store.Current.Config.Evidence.Directory);
        return Results.Json(browser.Latest(query), AdminJson.Web.IReadOnlyListJsonObject);
    }

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    private IResult Explain(ExplainForm form)
    {
        if (!IPEndPoint.TryParse(form.Source ?? "", out var source))
        {
            return Results.Json(new AdminError("source must be an IP address, optionally with :port"), AdminJson.Web.AdminError, statusCode: 400);
        }

        var request = new ExplainRequest(
            source,
            Blank(form.From),
            (form.Pai ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).ToArray(),
            Blank(form.Rpid),
            (form.Privacy ?? "").Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries).Select(t => t.ToLowerInvariant()).ToArray(),
            Blank(form.To));
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        var running = store.Current.Snapshot;
        // The proxy's own snapshot of the same config holds the breaker state and what DNS names resolved to.
        if (proxy.Snapshot is { } live && ReferenceEquals(live.Policy, running.Proxy.Policy))
        {
            running = running with { Proxy = live };
        }

        var exit = explainer.Explain(running, request, output);
        return Results.Json(new ExplainAnswer(exit == 0, output.ToString()), AdminJson.Web.ExplainAnswer);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private IResult Config()
    {
        var active = store.Current;
        var answer = new ConsoleConfig(active.Config.FilePath, active.Generation, active.LoadedAt, reloads.RunningVersion, reloads.Entries());
        return Results.Json(answer, AdminJson.Web.ConsoleConfig);
    }
}
