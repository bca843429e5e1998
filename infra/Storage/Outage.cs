using Azure;

namespace Reactivation.Infra.Storage;

/// <summary>Tells a passing outage (storage or a provider unreachable, throttled, timed out), worth trying again, from a bug, which is not.</summary>
public static class Outage
{
    /// <summary>
    /// True for failures of the network and of the services we call: a retry may well succeed. Anything else (a null
    /// reference, an invalid operation, a format error) is a fault in our code or data, and a retry would only repeat it.
    /// </summary>
    public static bool IsPassing(Exception exception) => exception switch
    {
        RequestFailedException or HttpRequestException or IOException or TimeoutException or System.Net.Sockets.SocketException => true,
        Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException => true,

        // HttpClient's own timeout surfaces as a cancellation wrapping a TimeoutException.
        OperationCanceledException { InnerException: TimeoutException } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsPassing),
        _ => false,
    };
}
