using System.Text.Json;

namespace Reactivation.Core.Activity;

/// <summary>Validates a batch of activity events as a whole: either every event is valid or the batch is rejected.</summary>
/// <remarks>
/// Pure: the current time is an argument. Every problem in the batch is reported, not just the first, so a producer
/// can fix a batch in one round trip.
/// </remarks>
public static class ActivityBatchValidator
{
    /// <summary>Validates <paramref name="inputs"/> at <paramref name="now"/>.</summary>
    /// <returns>The valid events (identical repeats folded into one) or the problems found.</returns>
    public static ValidationOutcome<IReadOnlyList<ActivityEvent>> Validate(
        IReadOnlyList<ActivityEventInput?> inputs, DateTimeOffset now, ActivityValidationOptions options)
    {
        var problems = new List<ValidationProblem>();
        if (inputs.Count == 0)
        {
            problems.Add(new ValidationProblem("", "the batch is empty"));
        }

        if (inputs.Count > options.MaxBatchSize)
        {
            problems.Add(new ValidationProblem("", $"the batch has {inputs.Count} events; at most {options.MaxBatchSize} are allowed"));
            return ValidationOutcome<IReadOnlyList<ActivityEvent>>.Invalid(problems);
        }

        var events = new List<ActivityEvent>(inputs.Count);
        var seen = new Dictionary<(string UserId, string EventId), (int Index, ActivityEvent Event)>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var parsed = ValidateOne(inputs[i], $"/{i}", now, options, problems);
            if (parsed is null)
            {
                continue;
            }

            var key = (parsed.UserId, parsed.EventId);
            if (seen.TryGetValue(key, out var earlier))
            {
                if (!SameEvent(earlier.Event, parsed))
                {
                    problems.Add(new ValidationProblem($"/{i}/eventId",
                        $"event '{parsed.EventId}' appears again with different content (first at /{earlier.Index})"));
                }

                continue;
            }

            seen[key] = (i, parsed);
            events.Add(parsed);
        }

        return problems.Count > 0
            ? ValidationOutcome<IReadOnlyList<ActivityEvent>>.Invalid(problems)
            : ValidationOutcome<IReadOnlyList<ActivityEvent>>.Valid(events);
    }

    /// <summary>Validates one event, adding its problems to <paramref name="problems"/> under <paramref name="at"/>.</summary>
    public static ActivityEvent? ValidateOne(
        ActivityEventInput? input, string at, DateTimeOffset now, ActivityValidationOptions options, List<ValidationProblem> problems)
    {
        if (input is null)
        {
            problems.Add(new ValidationProblem(at, "must be an object"));
            return null;
        }

        var before = problems.Count;
        if (Identifiers.Check(input.EventId) is { } eventIdProblem)
        {
            problems.Add(new ValidationProblem($"{at}/eventId", $"eventId {eventIdProblem}"));
        }

        if (Identifiers.Check(input.UserId) is { } userIdProblem)
        {
            problems.Add(new ValidationProblem($"{at}/userId", $"userId {userIdProblem}"));
        }

        if (!ActivityTypeNames.TryParse(input.Type, out var type))
        {
            problems.Add(new ValidationProblem($"{at}/type", input.Type is null
                ? "type is required"
                : $"unknown type '{input.Type}'; expected one of {string.Join(", ", ActivityTypeNames.All)}"));
        }

        if (input.OccurredAt is not { } occurredAt)
        {
            problems.Add(new ValidationProblem($"{at}/occurredAt", "occurredAt is required (ISO 8601 with an offset)"));
        }
        else if (occurredAt > now + options.MaxFutureSkew)
        {
            problems.Add(new ValidationProblem($"{at}/occurredAt",
                $"occurredAt {occurredAt:O} is in the future (more than {options.MaxFutureSkew.TotalMinutes:0} minutes ahead of {now:O})"));
        }

        decimal? amount = null;
        string? currency = null;
        if (type == ActivityType.Purchase && problems.Count == before)
        {
            (amount, currency) = ValidatePurchase(input, at, options, problems);
        }
        else if (input.Amount is not null && type != ActivityType.Purchase && problems.Count == before)
        {
            problems.Add(new ValidationProblem($"{at}/amount", "amount is only allowed on purchases"));
        }

        var properties = ValidateProperties(input.Properties, at, options, problems);
        if (problems.Count > before)
        {
            return null;
        }

        return new ActivityEvent(input.EventId!, input.UserId!, type, input.OccurredAt!.Value.ToUniversalTime(),
            amount, currency, input.Amount, properties);
    }

    private static (decimal? Amount, string? Currency) ValidatePurchase(
        ActivityEventInput input, string at, ActivityValidationOptions options, List<ValidationProblem> problems)
    {
        if (input.Amount is not { } amount)
        {
            problems.Add(new ValidationProblem($"{at}/amount", "a purchase needs an amount"));
            return (null, null);
        }

        if (amount < 0)
        {
            problems.Add(new ValidationProblem($"{at}/amount", $"amount {amount} is negative"));
            return (null, null);
        }

        var currency = input.Currency ?? options.ReportingCurrency;
        if (!options.CurrencyRates.TryGetValue(currency, out var rate))
        {
            problems.Add(new ValidationProblem($"{at}/currency",
                $"unknown currency '{currency}'; configured: {string.Join(", ", options.CurrencyRates.Keys.Order())}"));
            return (null, null);
        }

        return (decimal.Round(amount * rate, 2), currency);
    }

    private static IReadOnlyDictionary<string, string>? ValidateProperties(
        Dictionary<string, JsonElement>? properties, string at, ActivityValidationOptions options, List<ValidationProblem> problems)
    {
        if (properties is null || properties.Count == 0)
        {
            return null;
        }

        if (properties.Count > options.MaxProperties)
        {
            problems.Add(new ValidationProblem($"{at}/properties", $"at most {options.MaxProperties} properties are allowed"));
            return null;
        }

        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in properties)
        {
            if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                problems.Add(new ValidationProblem($"{at}/properties/{name}", "property values must be strings, numbers or booleans"));
                continue;
            }

            result[name] = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        }

        return result;
    }

    private static bool SameEvent(ActivityEvent a, ActivityEvent b) =>
        a.Type == b.Type && a.OccurredAt == b.OccurredAt && a.Amount == b.Amount && a.Currency == b.Currency;
}
