using Reactivation.Core.Journeys;

namespace Reactivation.Core.Policy;

/// <summary>
/// Reads the preference page's posted fields: the anti-forgery field and one checkbox per channel offered, named
/// <c>sms</c> or <c>email</c>, present with the value <c>on</c> when ticked (browsers send nothing for an unticked box).
/// </summary>
/// <remarks>Anything else, an unknown field, a channel not offered, a repeated field, another value, refuses the whole form: the page
/// never posts it, so it is a forgery or a fault, and guessing would record a choice nobody made.</remarks>
public static class PreferenceForm
{
    /// <summary>The hidden anti-forgery field.</summary>
    public const string FormTokenField = "csrf";

    /// <summary>The value a ticked checkbox posts.</summary>
    public const string Ticked = "on";

    /// <summary>The field name of <paramref name="channel"/>'s checkbox.</summary>
    public static string FieldOf(Channel channel) => channel.ToString().ToLowerInvariant();

    /// <summary>The marketing choice per offered channel, or the problem with the form.</summary>
    /// <param name="fields">Every posted field with all its values.</param>
    /// <param name="offered">The channels the page showed (those on the user's profile).</param>
    public static (IReadOnlyDictionary<Channel, bool>? Wanted, string? Problem) Read(IEnumerable<KeyValuePair<string, string[]>> fields, IReadOnlyList<Channel> offered)
    {
        var wanted = offered.ToDictionary(c => c, _ => false);
        var seenToken = false;
        foreach (var (name, values) in fields)
        {
            if (values.Length != 1)
            {
                return (null, $"field '{name}' was sent {values.Length} times");
            }

            if (name == FormTokenField)
            {
                seenToken = true;
                continue;
            }

            var channel = offered.Where(c => FieldOf(c) == name).Select(c => (Channel?)c).FirstOrDefault();
            if (channel is null)
            {
                return (null, $"unknown field '{name}'");
            }

            if (values[0] != Ticked)
            {
                return (null, $"field '{name}' must be '{Ticked}' when ticked");
            }

            wanted[channel.Value] = true;
        }

        return seenToken ? (wanted, null) : (null, $"the form has no '{FormTokenField}' field");
    }
}
