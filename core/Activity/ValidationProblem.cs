namespace Reactivation.Core.Activity;

/// <summary>One thing wrong with an input, located by a JSON pointer (for example <c>/3/occurredAt</c>) or a line number.</summary>
/// <param name="Location">Where the problem is.</param>
/// <param name="Message">What is wrong, in words a producer can act on.</param>
public sealed record ValidationProblem(string Location, string Message);
