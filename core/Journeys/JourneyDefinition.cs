using System.Collections.Frozen;
using System.Text.Json.Serialization;

namespace Reactivation.Core.Journeys;

/// <summary>A versioned journey: entry rules and a graph of steps. Instances keep the version they started with.</summary>
public sealed record JourneyDefinition
{
    private FrozenDictionary<string, JourneyStep>? _byId;

    /// <summary>The journey's id (lower-case letters, digits and dashes).</summary>
    public required string Id { get; init; }

    /// <summary>The version, from 1; a published change must raise it.</summary>
    public required int Version { get; init; }

    /// <summary>A readable name.</summary>
    public string? Name { get; init; }

    /// <summary>What the journey is for.</summary>
    public string? Description { get; init; }

    /// <summary>False to stop new enrollments (running instances go on).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>When several journeys take a hand-off, the highest priority wins (ties by id).</summary>
    public int Priority { get; init; }

    /// <summary>Days after the user's last journey ended before this one may start for them.</summary>
    public int CooldownDays { get; init; } = 30;

    /// <summary>How the journey is measured: its own control share, the lift it should detect, its activation target.</summary>
    public JourneyMeasurement Measurement { get; init; } = new();

    /// <summary>The hand-offs the journey takes.</summary>
    public required EntryRule Entry { get; init; }

    /// <summary>The first step's id.</summary>
    public required string Start { get; init; }

    /// <summary>The steps.</summary>
    public required IReadOnlyList<JourneyStep> Steps { get; init; }

    /// <summary>The step with id <paramref name="id"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such step (a validated definition never asks for one).</exception>
    public JourneyStep Step(string id) => (_byId ??= Steps.DistinctBy(s => s.Id).ToFrozenDictionary(s => s.Id, StringComparer.Ordinal))[id];

    /// <summary>The step with id <paramref name="id"/>, or null.</summary>
    public JourneyStep? FindStep(string id) =>
        (_byId ??= Steps.DistinctBy(s => s.Id).ToFrozenDictionary(s => s.Id, StringComparer.Ordinal)).GetValueOrDefault(id);

    /// <summary>The key a definition version is stored and cached under.</summary>
    [JsonIgnore]
    public string Key => $"{Id}@{Version}";
}
