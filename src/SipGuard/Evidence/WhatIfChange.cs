namespace SipGuard.Evidence;

/// <summary>One recorded call whose verdict a new config changes: <c>decision/rule</c> before and after.</summary>
internal sealed record WhatIfChange(string CallId, string Trunk, string Before, string After);
