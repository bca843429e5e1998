using Reactivation.Core.Activity;
using Reactivation.Core.Journeys;

namespace Reactivation.Core.Policy;

/// <summary>Checks consent changes from the API, naming every problem by its JSON pointer; a batch with any problem is refused whole.</summary>
public static class ConsentValidator
{
    /// <summary>The sources a change may name.</summary>
    public static readonly IReadOnlyList<string> Sources = ["api", "import", "preferencePage", "oneClick", "smsKeyword"];

    /// <summary>Validates <paramref name="inputs"/> (at most <paramref name="maxBatch"/>) against the clock.</summary>
    public static (IReadOnlyList<ConsentChange> Changes, IReadOnlyList<ValidationProblem> Problems) Validate(
        IReadOnlyList<ConsentInput?> inputs, DateTimeOffset now, int maxBatch)
    {
        var problems = new List<ValidationProblem>();
        var changes = new List<ConsentChange>();
        if (inputs.Count == 0 || inputs.Count > maxBatch)
        {
            problems.Add(new ValidationProblem("", $"send 1 to {maxBatch} changes (got {inputs.Count})"));
            return ([], problems);
        }

        for (var i = 0; i < inputs.Count; i++)
        {
            var at = $"/{i}";
            if (inputs[i] is not { } input)
            {
                problems.Add(new ValidationProblem(at, "a change must be an object"));
                continue;
            }

            var before = problems.Count;
            Check(Identifiers.Check(input.UserId), $"{at}/userId", "userId");
            Check(Identifiers.Check(input.ChangeId), $"{at}/changeId", "changeId");
            var channel = Parse<Channel>(input.Channel, $"{at}/channel", "sms, email or webhook");
            var purpose = Parse<TemplatePurpose>(input.Purpose, $"{at}/purpose", "marketing or service");
            var state = input.State switch
            {
                "optIn" => ConsentState.OptedIn,
                "optOut" => ConsentState.OptedOut,
                _ => Problem($"{at}/state", "state must be optIn or optOut"),
            };
            if (input.Source is null || !Sources.Contains(input.Source))
            {
                problems.Add(new ValidationProblem($"{at}/source", $"source must be one of {string.Join(", ", Sources)}"));
            }

            if (input.At > now.AddMinutes(5))
            {
                problems.Add(new ValidationProblem($"{at}/at", "at must not be in the future"));
            }

            foreach (var (name, value) in new[] { ("textVersion", input.TextVersion), ("ip", input.Ip), ("userAgent", input.UserAgent), ("keyword", input.Keyword) })
            {
                if (value is { Length: > 512 })
                {
                    problems.Add(new ValidationProblem($"{at}/{name}", $"{name} must be at most 512 characters"));
                }
            }

            if (problems.Count == before)
            {
                var evidence = input.Keyword ?? input.TextVersion;
                changes.Add(new ConsentChange(
                    input.ChangeId!, input.UserId!, new ConsentFlag(channel!.Value, purpose!.Value, state, input.Source!, evidence, input.At ?? now),
                    input.TextVersion, input.Ip, input.UserAgent, input.Keyword));
            }
        }

        return problems.Count == 0 ? (changes, problems) : ([], problems);

        void Check(string? problem, string location, string name)
        {
            if (problem is not null)
            {
                problems.Add(new ValidationProblem(location, $"{name} {problem}"));
            }
        }

        T? Parse<T>(string? text, string location, string allowed)
            where T : struct, Enum
        {
            if (text is not null && text.All(char.IsAsciiLetterLower) && Enum.TryParse<T>(text, ignoreCase: true, out var value))
            {
                return value;
            }

            problems.Add(new ValidationProblem(location, $"must be {allowed}"));
            return null;
        }

        ConsentState Problem(string location, string message)
        {
            problems.Add(new ValidationProblem(location, message));
            return ConsentState.Unknown;
        }
    }
}
