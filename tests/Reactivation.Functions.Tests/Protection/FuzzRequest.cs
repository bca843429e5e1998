namespace Reactivation.Functions.Tests.Protection;

/// <summary>One generated request: what to send, and what it was made from (printed when it misbehaves).</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">Path and query.</param>
/// <param name="Body">The body, if any.</param>
/// <param name="ContentType">The Content-Type to declare, if any.</param>
/// <param name="Recipe">How it was made, for the failure message.</param>
public sealed record FuzzRequest(string Method, string Path, byte[]? Body, string? ContentType, string Recipe);
