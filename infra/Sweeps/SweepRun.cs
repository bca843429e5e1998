namespace Reactivation.Infra.Sweeps;

/// <summary>One day's sweep as started: everything the shards need to decide the same way on every re-run.</summary>
/// <param name="SweepDate">The day.</param>
/// <param name="AsOf">The instant classified for.</param>
/// <param name="ShardCount">Shards fanned out.</param>
/// <param name="MeanSpend">The population's mean spend among purchasers: as the previous complete sweep saw it, or counted at start when there is none.</param>
/// <param name="Users">Profiles in that population (for progress).</param>
/// <param name="PreviousSweepDate">The last completed sweep before this one, whose results say who moved.</param>
/// <param name="StartedAt">When the run was created.</param>
public sealed record SweepRun(
    DateOnly SweepDate, DateTimeOffset AsOf, int ShardCount, decimal MeanSpend, long Users, DateOnly? PreviousSweepDate, DateTimeOffset StartedAt);
