using Reactivation.Core.Journeys;

namespace Reactivation.Infra.Messaging;

/// <summary>Which send a provider message id belongs to: what a delivery report needs to find its send record and address.</summary>
/// <param name="ProviderMessageId">The SMS message id ACS answered, or the email operation id we sent as Operation-Id.</param>
/// <param name="InstanceId">The journey instance that sent it.</param>
/// <param name="SendKey">The send's key (the send record is <c>send~{key}</c> in the instance's partition).</param>
/// <param name="UserId">The recipient.</param>
/// <param name="Channel">SMS or email.</param>
/// <param name="Address">The phone number or email address it went to.</param>
public sealed record DeliveryIndexEntry(string ProviderMessageId, string InstanceId, string SendKey, string UserId, Channel Channel, string Address);
