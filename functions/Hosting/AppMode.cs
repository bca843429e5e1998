namespace Reactivation.Functions.Hosting;

/// <summary>How the executable is hosting the functions.</summary>
public enum AppMode
{
    /// <summary>Under the Azure Functions host: binds 127.0.0.1:FUNCTIONS_CUSTOMHANDLER_PORT; the host fires triggers.</summary>
    CustomHandler,
    /// <summary>Standalone: fires timers and polls queues itself and serves the HTTP functions under /api.</summary>
    Local,
}
