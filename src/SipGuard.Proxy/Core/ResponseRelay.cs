using SipGuard.Proxy.Telemetry;
using SipGuard.Proxy.Transactions;
using SipGuard.Sip.Messages;

namespace SipGuard.Proxy.Core;

/// <summary>The relay stage: a response goes towards the caller with our Via removed and every other byte unchanged (§16.7).</summary>
internal sealed class ResponseRelay
{
    private readonly ProxyOutput _output;
    private readonly ProxyMetrics _metrics;
    private readonly LiveSnapshot _snapshot;

    public ResponseRelay(ProxyOutput output, ProxyMetrics metrics, LiveSnapshot snapshot)
    {
        _output = output;
        _metrics = metrics;
        _snapshot = snapshot;
    }

    /// <summary>Relays the workspace's response; <paramref name="keep"/> stores it as the server side's last response (resent on retransmissions).</summary>
    public void Relay(ProxyWorkspace workspace, ProxyTransaction transaction, bool keep)
    {
        var editor = workspace.Editor;
        var response = workspace.Message;
        var server = transaction.Server;
        editor.Reset(response);
        if (response.ViaCount == 1)
        {
            RestoreRequestVias(workspace, server);
        }
        else
        {
            editor.RemoveTopVia();
        }

        Identity.IdentityEditor.EditResponse(response, editor, _snapshot.Current.Identity); // proxy.strip_user_agent
        Span<byte> destination = keep ? server.LastResponse.GetBuffer(editor.GetLength()) : workspace.Output;
        if (!editor.TryWrite(destination, out var written))
        {
            return;
        }

        if (keep)
        {
            server.LastResponse.Commit(written);
        }

        _output.Send(server.ReplyTarget, destination[..written]);
        var status = response.StatusCode;
        _metrics.Response(status);
        if (status >= 200)
        {
            transaction.EndSpan(status);
        }
    }

    /// <summary>
    /// A response that carries only our Via (a UAS that answered an INVITE with the Vias of our
    /// CANCEL, as some do for the 487) would reach the caller with none; it gets the Via lines of
    /// the request it answers, which is what RFC 3261 §8.2.6.2 asked of the UAS.
    /// </summary>
    private void RestoreRequestVias(ProxyWorkspace workspace, ServerTransaction server)
    {
        var editor = workspace.Editor;
        var ours = workspace.Message.IndexOf(KnownHeader.Via);
        if (ours < 0 || !_output.TryReadStored(workspace, server.Request, server.ReplyTarget.Transport, out var stored))
        {
            editor.RemoveTopVia();
            return;
        }

        var at = workspace.Message.Headers[ours].Line;
        foreach (var header in stored.Headers)
        {
            if (header.Id == KnownHeader.Via)
            {
                editor.Insert(at.Offset, stored[header.Line]);
            }
        }

        editor.Remove(at);
    }
}
