namespace Reactivation.Core.Activity;

/// <summary>Either a valid value or the problems that prevent one.</summary>
public sealed record ValidationOutcome<T>
{
    private ValidationOutcome(T? value, IReadOnlyList<ValidationProblem> problems)
    {
        Value = value;
        Problems = problems;
    }

    /// <summary>The value; meaningful only when <see cref="IsValid"/>.</summary>
    public T? Value { get; }

    /// <summary>The problems; empty when valid.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }

    /// <summary>True when there were no problems.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>A valid outcome.</summary>
    public static ValidationOutcome<T> Valid(T value) => new(value, []);

    /// <summary>An invalid outcome.</summary>
    public static ValidationOutcome<T> Invalid(IReadOnlyList<ValidationProblem> problems) => new(default, problems);
}
