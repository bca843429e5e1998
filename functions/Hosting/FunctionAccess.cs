namespace Reactivation.Functions.Hosting;

/// <summary>Which key an HTTP function asks for. The default is <see cref="Admin"/>, so a new function is closed until it says otherwise.</summary>
public enum FunctionAccess
{
    /// <summary>Management and anything that reads contact data: the admin key (<c>Admin:Key</c>).</summary>
    Admin,

    /// <summary>What the systems that send events call: the ingestion key (<c>Ingestion:Key</c>) or the admin key.</summary>
    Ingestion,

    /// <summary>The Event Grid webhook: its own key (<c>Acs:EventGridKey</c>), as <c>?key=</c> in the subscription's URL.</summary>
    EventGrid,

    /// <summary>The link endpoints people reach from messages (<c>/r</c>, <c>/p</c>, <c>/u</c>): the signed token in the path is the credential.</summary>
    Public,
}

/// <summary>Declares the key an HTTP <c>[Function]</c> asks for; without it a function is <see cref="FunctionAccess.Admin"/>.</summary>
/// <param name="access">The key.</param>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AccessAttribute(FunctionAccess access) : Attribute
{
    /// <summary>The key.</summary>
    public FunctionAccess Access { get; } = access;
}
