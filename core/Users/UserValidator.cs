using System.Globalization;
using System.Net.Mail;
using PhoneNumbers;
using Reactivation.Core.Activity;

namespace Reactivation.Core.Users;

/// <summary>Validates and normalises user updates (libphonenumber for phones, the system's zone and culture data for the rest).</summary>
public static class UserValidator
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>The region assumed for national phone numbers when the user has none.</summary>
    public const string DefaultPhoneRegion = "CN";

    /// <summary>Validates a batch; every problem is reported, and any problem rejects the batch.</summary>
    public static ValidationOutcome<IReadOnlyList<UserUpdate>> ValidateBatch(IReadOnlyList<UserInput?> inputs, int maxBatchSize)
    {
        var problems = new List<ValidationProblem>();
        if (inputs.Count == 0)
        {
            problems.Add(new ValidationProblem("", "the batch is empty"));
        }

        if (inputs.Count > maxBatchSize)
        {
            problems.Add(new ValidationProblem("", $"the batch has {inputs.Count} users; at most {maxBatchSize} are allowed"));
            return ValidationOutcome<IReadOnlyList<UserUpdate>>.Invalid(problems);
        }

        var updates = new List<UserUpdate>(inputs.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < inputs.Count; i++)
        {
            if (ValidateOne(inputs[i], $"/{i}", problems) is not { } update)
            {
                continue;
            }

            if (seen.TryGetValue(update.UserId, out var first))
            {
                problems.Add(new ValidationProblem($"/{i}/userId", $"user '{update.UserId}' appears twice in the batch (first at /{first})"));
                continue;
            }

            seen[update.UserId] = i;
            updates.Add(update);
        }

        return problems.Count > 0
            ? ValidationOutcome<IReadOnlyList<UserUpdate>>.Invalid(problems)
            : ValidationOutcome<IReadOnlyList<UserUpdate>>.Valid(updates);
    }

    /// <summary>Validates one user, adding problems under <paramref name="at"/>.</summary>
    public static UserUpdate? ValidateOne(UserInput? input, string at, List<ValidationProblem> problems)
    {
        if (input is null)
        {
            problems.Add(new ValidationProblem(at, "must be an object"));
            return null;
        }

        var before = problems.Count;
        if (Identifiers.Check(input.UserId) is { } idProblem)
        {
            problems.Add(new ValidationProblem($"{at}/userId", $"userId {idProblem}"));
        }

        var region = NormaliseRegion(input.Region, at, problems);
        var phone = NormalisePhone(input.Phone, region, at, problems);
        var email = NormaliseEmail(input.Email, at, problems);
        if (input.TimeZone is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            problems.Add(new ValidationProblem($"{at}/timeZone", $"unknown time zone '{zone}'; use an IANA id such as Asia/Shanghai"));
        }

        if (input.Locale is { } locale && !IsKnownLocale(locale))
        {
            problems.Add(new ValidationProblem($"{at}/locale", $"unknown locale '{locale}'; use a BCP 47 tag such as zh-CN"));
        }

        return problems.Count > before
            ? null
            : new UserUpdate(input.UserId!, phone, email, input.TimeZone, input.Locale, region, input.RegisteredAt?.ToUniversalTime());
    }

    private static string? NormaliseRegion(string? region, string at, List<ValidationProblem> problems)
    {
        if (region is null)
        {
            return null;
        }

        var upper = region.ToUpperInvariant();
        if (upper.Length != 2 || !Phones.GetSupportedRegions().Contains(upper))
        {
            problems.Add(new ValidationProblem($"{at}/region", $"unknown region '{region}'; use an ISO 3166 two-letter code such as CN"));
            return null;
        }

        return upper;
    }

    private static string? NormalisePhone(string? phone, string? region, string at, List<ValidationProblem> problems)
    {
        if (phone is null)
        {
            return null;
        }

        try
        {
            var parsed = Phones.Parse(phone, region ?? DefaultPhoneRegion);
            if (Phones.IsValidNumber(parsed))
            {
                return Phones.Format(parsed, PhoneNumberFormat.E164);
            }
        }
        catch (NumberParseException)
        {
            // Reported below with the same message as a number that parses but is not valid.
        }

        problems.Add(new ValidationProblem($"{at}/phone", "phone is not a valid number (use E.164, for example +8613800138000)"));
        return null;
    }

    private static string? NormaliseEmail(string? email, string at, List<ValidationProblem> problems)
    {
        if (email is null)
        {
            return null;
        }

        var trimmed = email.Trim();
        if (trimmed.Length <= 254 && MailAddress.TryCreate(trimmed, out var address) && address.Address == trimmed
            && address.Host.Contains('.', StringComparison.Ordinal))
        {
            return trimmed;
        }

        problems.Add(new ValidationProblem($"{at}/email", "email is not a valid address"));
        return null;
    }

    private static bool IsKnownLocale(string locale)
    {
        try
        {
            CultureInfo.GetCultureInfo(locale, predefinedOnly: true);
            return true;
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }
}
