namespace Reactivation.Core.Messaging;

/// <summary>An SMS a user sent to one of our numbers.</summary>
/// <param name="MessageId">The provider's id for it (the same on every redelivery).</param>
/// <param name="From">The sender's number, as the provider gave it.</param>
/// <param name="To">Our number it was sent to.</param>
/// <param name="Message">The text, exactly as received.</param>
/// <param name="ReceivedAt">When the provider received it.</param>
public sealed record InboundSms(string MessageId, string From, string To, string Message, DateTimeOffset ReceivedAt)
{
    /// <summary>The sender in E.164 (<c>+</c> and digits): providers sometimes drop the plus.</summary>
    public string FromE164 => "+" + new string(From.Where(char.IsAsciiDigit).ToArray());
}
