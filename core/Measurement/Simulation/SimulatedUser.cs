namespace Reactivation.Core.Measurement.Simulation;

/// <summary>
/// One simulated user's fate, drawn once from a seed: whether and on which day they come back on their own, and the
/// uniform draw their first message is compared with (they answer when it is below the message's response rate).
/// </summary>
/// <param name="UserId">The user.</param>
/// <param name="NaturalReturn">p₀ for the user.</param>
/// <param name="NaturalDay">The day (from enrollment) they come back on their own, or null if they would not.</param>
/// <param name="ResponseDraw">Uniform in [0, 1): the user answers a first message with response rate q when this is below q.</param>
public sealed record SimulatedUser(string UserId, double NaturalReturn, int? NaturalDay, double ResponseDraw)
{
    /// <summary>Draws a user's fate, the same for the same seed and user.</summary>
    public static SimulatedUser Draw(int seed, string userId, double naturalReturn, int windowDays)
    {
        // A stable hash, not HashCode.Combine: that one is salted per process, and a seed must mean the same fate in every run.
        var random = new Random((int)(Journeys.StableHash.Of(seed.ToString(System.Globalization.CultureInfo.InvariantCulture), userId, "fate") & int.MaxValue));
        var comesBack = random.NextDouble() < naturalReturn;
        var day = random.Next(2, Math.Max(3, windowDays));
        return new SimulatedUser(userId, naturalReturn, comesBack ? day : null, random.NextDouble());
    }

    /// <summary>True when the first message, with response rate <paramref name="response"/>, brings the user back.</summary>
    public bool Answers(double response) => ResponseDraw < response;
}
