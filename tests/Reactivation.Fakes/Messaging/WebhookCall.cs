namespace Reactivation.Fakes.Messaging;

/// <summary>One request a <see cref="FakeWebhookReceiver"/> received.</summary>
/// <param name="Path">The request path.</param>
/// <param name="Body">The raw body.</param>
/// <param name="IdempotencyKey">The <c>Idempotency-Key</c> header.</param>
/// <param name="SignatureValid">Whether the signature and timestamp passed the check.</param>
public sealed record WebhookCall(string Path, string Body, string? IdempotencyKey, bool SignatureValid);
