using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Reactivation.Core.Journeys;
using Reactivation.Infra.Storage;

namespace Reactivation.Infra.Journeys;

/// <summary>
/// Every version of every journey definition: the defaults shipped in the app's folder plus versions published through the
/// admin API, all kept in the <c>journeydefs</c> table so a running instance can always load the version it started with.
/// </summary>
/// <remarks>
/// Versions are immutable: publishing the same id and version with different content is refused. New enrollments take
/// the highest enabled version; instances already running keep theirs.
/// </remarks>
/// <remarks>With an offer catalogue, send steps naming an offer it does not hold are refused too.</remarks>
public sealed class JourneyLibrary(StorageAccount account, TemplateCatalogue templates, TimeProvider clock, Core.Offers.OfferCatalogue? offers = null)
{
    private const string Table = "journeydefs";
    private static readonly TimeSpan LatestCacheLifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, JourneyDefinition> _versions = new(StringComparer.Ordinal);
    private (DateTimeOffset LoadedAt, IReadOnlyList<JourneyDefinition> Journeys)? _latest;

    /// <summary>Reads and validates every definition in <paramref name="folder"/>; the problems name file, line and path.</summary>
    public (IReadOnlyList<JourneyDefinition> Definitions, IReadOnlyList<DefinitionProblem> Problems) ReadFolder(string folder) => ReadFolder(folder, templates, offers);

    /// <summary>Reads and validates every definition in <paramref name="folder"/> against <paramref name="catalogue"/>, touching no storage.</summary>
    public static (IReadOnlyList<JourneyDefinition> Definitions, IReadOnlyList<DefinitionProblem> Problems) ReadFolder(
        string folder, TemplateCatalogue catalogue, Core.Offers.OfferCatalogue? offerCatalogue = null)
    {
        var definitions = new List<JourneyDefinition>();
        var problems = new List<DefinitionProblem>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var (definition, found) = Parse(File.ReadAllText(file), Path.GetFileName(file), catalogue, offerCatalogue);
            problems.AddRange(found);
            if (definition is not null && found.Count == 0)
            {
                definitions.Add(definition);
            }
        }

        foreach (var duplicate in definitions.GroupBy(d => d.Key).Where(g => g.Count() > 1))
        {
            problems.Add(new DefinitionProblem(folder, "$.id", $"{duplicate.Key} is defined more than once"));
        }

        return (definitions, problems);
    }

    /// <summary>Parses and validates one definition document.</summary>
    public (JourneyDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems) Parse(string json, string source) => Parse(json, source, templates, offers);

    /// <summary>Parses and validates one definition document against <paramref name="catalogue"/>, touching no storage.</summary>
    public static (JourneyDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems) Parse(
        string json, string source, TemplateCatalogue catalogue, Core.Offers.OfferCatalogue? offerCatalogue = null)
    {
        var (definition, problems) = JourneyJson.Parse(json, source);
        var offerIds = offerCatalogue?.Offers.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        return definition is null ? (null, problems) : (definition, JourneyValidator.Validate(definition, source, catalogue.Channels, offerIds));
    }

    /// <summary>Stores the folder's defaults (each version once); fails if a stored version differs from the file.</summary>
    /// <exception cref="InvalidOperationException">A definition is invalid, or a version changed without a new version number.</exception>
    public async Task<int> InstallDefaultsAsync(string folder, CancellationToken cancellationToken)
    {
        var (definitions, problems) = ReadFolder(folder);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("invalid journey definitions:" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p)));
        }

        var installed = 0;
        foreach (var definition in definitions)
        {
            var outcome = await StoreAsync(definition, cancellationToken).ConfigureAwait(false);
            if (outcome == PublishOutcome.Conflict)
            {
                throw new InvalidOperationException(
                    $"journey {definition.Key} in {folder} differs from the stored {definition.Key}: give the changed definition a new version number");
            }

            installed += outcome == PublishOutcome.Published ? 1 : 0;
        }

        _latest = null;
        return installed;
    }

    /// <summary>Publishes a new version from JSON: validated, and newer than every stored version of the journey.</summary>
    public async Task<(JourneyDefinition? Definition, IReadOnlyList<DefinitionProblem> Problems)> PublishAsync(string json, CancellationToken cancellationToken)
    {
        var (definition, problems) = Parse(json, "request body");
        if (definition is null || problems.Count > 0)
        {
            return (null, problems);
        }

        var versions = await VersionsAsync(definition.Id, cancellationToken).ConfigureAwait(false);
        if (versions.Count > 0 && versions.Max(v => v.Version) is var highest && definition.Version <= highest)
        {
            return (null, [new DefinitionProblem("request body", "$.version", $"must be greater than {highest}, the latest stored version of {definition.Id}")]);
        }

        if (await StoreAsync(definition, cancellationToken).ConfigureAwait(false) != PublishOutcome.Published)
        {
            return (null, [new DefinitionProblem("request body", "$.version", $"{definition.Key} was published concurrently")]);
        }

        _latest = null;
        return (definition, []);
    }

    /// <summary>The exact version an instance runs, cached for the life of the process (versions never change).</summary>
    /// <exception cref="InvalidOperationException">The version is not stored.</exception>
    public async Task<JourneyDefinition> GetAsync(string journeyId, int version, CancellationToken cancellationToken)
    {
        var key = $"{journeyId}@{version}";
        if (_versions.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(journeyId, RowKeyOf(version), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!row.HasValue)
        {
            throw new InvalidOperationException($"journey {key} is not stored");
        }

        var (definition, _) = JourneyJson.Parse(row.Value!.GetString("Json"), key);
        return _versions.GetOrAdd(key, definition ?? throw new InvalidOperationException($"stored journey {key} no longer parses"));
    }

    /// <summary>Every stored version of <paramref name="journeyId"/>, oldest first.</summary>
    public async Task<IReadOnlyList<JourneyDefinition>> VersionsAsync(string journeyId, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var versions = new List<JourneyDefinition>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == journeyId, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            versions.Add(Cache(row));
        }

        return versions;
    }

    /// <summary>The latest version of every journey (cached briefly; enrollment reads it for every hand-off).</summary>
    public async Task<IReadOnlyList<JourneyDefinition>> LatestAsync(CancellationToken cancellationToken)
    {
        if (_latest is { } latest && clock.GetUtcNow() - latest.LoadedAt < LatestCacheLifetime)
        {
            return latest.Journeys;
        }

        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var all = new List<JourneyDefinition>();
        await foreach (var row in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            all.Add(Cache(row));
        }

        var journeys = all.GroupBy(d => d.Id, StringComparer.Ordinal).Select(g => g.MaxBy(d => d.Version)!).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        _latest = (clock.GetUtcNow(), journeys);
        return journeys;
    }

    private JourneyDefinition Cache(TableEntity row)
    {
        var key = $"{row.PartitionKey}@{int.Parse(row.RowKey, CultureInfo.InvariantCulture)}";
        return _versions.GetOrAdd(key, _ => JourneyJson.Parse(row.GetString("Json"), key).Definition ?? throw new InvalidOperationException($"stored journey {key} no longer parses"));
    }

    private async Task<PublishOutcome> StoreAsync(JourneyDefinition definition, CancellationToken cancellationToken)
    {
        var table = await account.TableAsync(Table, cancellationToken).ConfigureAwait(false);
        var json = JourneyJson.Write(definition);
        try
        {
            await table.AddEntityAsync(
                new TableEntity(definition.Id, RowKeyOf(definition.Version)) { ["Json"] = json, ["PublishedAt"] = clock.GetUtcNow() },
                cancellationToken).ConfigureAwait(false);
            _versions[definition.Key] = definition;
            return PublishOutcome.Published;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var stored = await table.GetEntityAsync<TableEntity>(definition.Id, RowKeyOf(definition.Version), cancellationToken: cancellationToken).ConfigureAwait(false);
            return stored.Value.GetString("Json") == json ? PublishOutcome.AlreadyStored : PublishOutcome.Conflict;
        }
    }

    private static string RowKeyOf(int version) => version.ToString("D6", CultureInfo.InvariantCulture);

    private enum PublishOutcome
    {
        Published,
        AlreadyStored,
        Conflict,
    }
}
