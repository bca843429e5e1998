namespace Reactivation.Functions.Logging;

/// <summary>A logger that masks phone numbers and email addresses in the message, its values, its scopes and its exception.</summary>
public sealed class MaskingLogger(ILogger inner) : ILogger
{
    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull =>
        inner.BeginScope(MaskedLogState.Of(state, state.ToString() ?? ""));

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }

        // The formatter may print the exception too, so it runs on the original and its output is masked as a whole.
        var message = formatter(state, exception);
        inner.Log(
            logLevel, eventId, MaskedLogState.Of(state, message), exception is null ? null : new MaskedException(exception), static (s, _) => s.Message);
    }
}
