using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Reactivation.Core.Journeys;
using Reactivation.Functions.Hosting;
using Xunit;

namespace Reactivation.Functions.Tests.Deployment;

/// <summary>
/// infra/main.bicep compiles with the pinned bicep (the NuGet package Azure.Bicep.CommandLine.linux-x64) without a
/// warning, and the app settings it writes, with its operator parameters, are what the app and the Functions host need
/// at startup in Azure: the compiled template's settings are evaluated from sample parameters and loaded into the app's
/// own startup validation (<see cref="AppSettings.Load"/>), as the worker loads them.
/// </summary>
public sealed partial class BicepTemplateTests
{
    private static readonly Lazy<Compilation> Compiled = new(Compile);

    /// <summary>The settings Azure App Service itself gives every app: what makes <see cref="AppSettings.InAzure"/> true.</summary>
    private static readonly Dictionary<string, string> PlatformSettings = new()
    {
        ["WEBSITE_SITE_NAME"] = "func-deployed", ["WEBSITE_INSTANCE_ID"] = "0123456789abcdef",
    };

    /// <summary>Settings the Functions host and the Azure SDKs read (not the app's options): their documented names.</summary>
    private static readonly string[] HostSettingPrefixes = ["AzureWebJobsStorage__", "APPLICATIONINSIGHTS_", "AZURE_CLIENT_ID"];

    /// <summary>Settings a Flex Consumption app must not have: the plan takes them from functionAppConfig.</summary>
    private static readonly string[] FlexRefuses =
        ["FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTSHARE", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "AzureWebJobsStorage"];

    /// <summary>
    /// What Azure writes for a setting whose whole value only the deployment knows, where the app checks its shape: a
    /// resource's property as the resource provider returns it.
    /// </summary>
    private static readonly Dictionary<string, string> DeployedShapes = new(StringComparer.Ordinal)
    {
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] =
            "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://deployed.in.applicationinsights.azure.com/;" +
            "LiveEndpoint=https://deployed.livediagnostics.monitor.azure.com/;ApplicationId=00000000-0000-0000-0000-000000000002",
    };

    [Fact]
    public void The_template_compiles_with_the_pinned_bicep_without_any_warning_or_error()
    {
        var compiled = Compiled.Value;

        Assert.True(compiled.ExitCode == 0, $"bicep exited {compiled.ExitCode}:{Environment.NewLine}{compiled.Output}");
        Assert.True(compiled.Output.Trim().Length == 0, $"bicep reported:{Environment.NewLine}{compiled.Output}");
        Assert.Contains("Microsoft.Web/sites", compiled.Template.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("v0")]
    public void The_settings_the_template_writes_pass_the_apps_startup_validation_in_azure_with_storage_on_the_managed_identity(string previousLinkKeyId)
    {
        var deployment = Deploy(("previousLinkKeyId", previousLinkKeyId), ("previousLinkKey", previousLinkKeyId.Length > 0 ? Secret(44) : ""));

        var settings = AppSettings.Load(deployment.Configuration());

        Assert.True(settings.InAzure && settings.Deployed);
        Assert.False(settings.Channels.Outbox);
        Assert.Equal([Channel.Sms, Channel.Email], settings.Channels.Channels.Order());
        Assert.Equal(deployment.Parameters["linkKeyId"], settings.Links.SigningKeyId);
        Assert.Equal(previousLinkKeyId.Length > 0, settings.Links.Keys.ContainsKey(previousLinkKeyId));
        Assert.StartsWith("https://", settings.Links.PublicBaseUrl, StringComparison.Ordinal);
        Assert.Equal(deployment.Parameters["taskHubName"], deployment.Settings["JourneyTaskHub"]);
        Assert.True(settings.Storage.UsesIdentity);
        Assert.Equal(deployment.Settings["AzureWebJobsStorage__accountName"], settings.Storage.AccountName);
    }

    [Fact]
    public void The_storage_account_refuses_shared_keys_and_no_setting_carries_a_storage_key_or_connection_string()
    {
        var deployment = Deploy();

        Assert.Contains("\"allowSharedKeyAccess\":false", Module(Compiled.Value.Template, "storage").ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(deployment.Settings.Keys, k => k.StartsWith("Storage__", StringComparison.Ordinal) || k == "AzureWebJobsStorage");
        Assert.DoesNotContain(deployment.Settings.Values, v => v.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_setting_the_functions_host_resolves_from_app_settings_is_written_with_the_apps_own_default()
    {
        var deployment = Deploy();
        var defaults = AppSettings.Load(deployment.Configuration(except: n => n.Contains("Schedule", StringComparison.Ordinal))).Schedules;

        var resolved = HostResolvedSettings();

        Assert.Contains("JourneyTaskHub", resolved);
        Assert.Contains("Sweep:Schedule", resolved);
        foreach (var name in resolved)
        {
            Assert.True(deployment.Settings.ContainsKey(name.Replace(":", "__", StringComparison.Ordinal)), $"the template does not set {name}, which the Functions host resolves as %{name}%");
        }

        foreach (var (name, schedule) in defaults)
        {
            Assert.Equal(schedule, deployment.Settings[name.Replace(":", "__", StringComparison.Ordinal)]);
        }
    }

    [Fact]
    public void Every_setting_the_template_writes_is_read_by_the_app_or_the_functions_host_and_none_is_one_flex_refuses()
    {
        var deployment = Deploy(("previousLinkKeyId", "v0"), ("previousLinkKey", Secret(44)));
        var resolved = HostResolvedSettings();
        var sections = OptionSections();

        var unread = deployment.Settings.Keys
            .Where(name => !HostSettingPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
            .Select(name => name.Replace("__", ":", StringComparison.Ordinal))
            .Where(name => !resolved.Contains(name) && !IsOption(name, sections))
            .ToList();

        Assert.Empty(unread);
        Assert.Empty(deployment.Settings.Keys.Intersect(FlexRefuses, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Every_key_vault_reference_names_a_secret_the_template_stores_and_every_stored_secret_is_referenced()
    {
        var deployment = Deploy(("previousLinkKeyId", "v0"), ("previousLinkKey", Secret(44)));

        var referenced = deployment.RawSettings.Values.Select(v => KeyVaultSecretName(v)).OfType<string>().ToHashSet();

        Assert.Equal(deployment.StoredSecrets.Keys.Order(), referenced.Order());
        Assert.Contains("admin-key", referenced);
        Assert.DoesNotContain(deployment.RawSettings, s => s.Key.EndsWith("__Key", StringComparison.Ordinal) && KeyVaultSecretName(s.Value) is null);
    }

    private static Deployment Deploy(params (string Name, object? Value)[] overrides)
    {
        var template = Compiled.Value.Template;
        Assert.True(Compiled.Value.ExitCode == 0, Compiled.Value.Output);
        var parameters = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        var evaluator = new ArmExpressions(template, parameters);
        foreach (var (name, node) in template["parameters"]!.AsObject())
        {
            var definition = node!.AsObject();
            var overridden = overrides.FirstOrDefault(o => o.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            parameters[name] = overridden.Name is not null ? overridden.Value
                : definition["defaultValue"] is { } defaultValue ? evaluator.Evaluate(defaultValue)
                : (string?)definition["type"] == "securestring" ? Secret((int?)definition["minLength"] ?? 32)
                : definition["metadata"]?["example"] is { } example ? evaluator.Evaluate(example)
                : throw new InvalidOperationException($"operator parameter '{name}' has no default and no @metadata({{ example: ... }}) to test with");
        }

        var raw = ((IReadOnlyDictionary<string, object?>)evaluator.Evaluate(ModuleParameter(template, "appsettings", "settings"))!)
            .ToDictionary(p => p.Key, p => ArmExpressions.Text(p.Value), StringComparer.Ordinal);
        var secrets = ((IReadOnlyDictionary<string, object?>)evaluator.Evaluate(ModuleParameter(template, "keyvault", "secrets"))!)
            .ToDictionary(p => p.Key, p => ArmExpressions.Text(p.Value), StringComparer.Ordinal);

        var resolved = raw.ToDictionary(
            p => p.Key,
            p => KeyVaultSecretName(p.Value) is { } secret
                ? secrets.TryGetValue(secret, out var value) ? value : throw new InvalidOperationException($"{p.Key} references secret '{secret}', which the template does not store")
                : p.Value == ArmExpressions.Deployed.Text && DeployedShapes.TryGetValue(p.Key, out var shape) ? shape
                : p.Value,
            StringComparer.Ordinal);
        return new Deployment(parameters, raw, resolved, secrets);
    }

    private static JsonNode ModuleParameter(JsonObject template, string module, string parameter) =>
        Module(template, module)["properties"]!["parameters"]![parameter]!["value"]!;

    private static JsonObject Module(JsonObject template, string name) =>
        template["resources"]!.AsArray().Select(r => r!.AsObject())
            .Single(r => (string?)r["type"] == "Microsoft.Resources/deployments" && (string?)r["name"] == name);

    private static string? KeyVaultSecretName(string value) =>
        KeyVaultReference().Match(value) is { Success: true } match ? match.Groups["secret"].Value : null;

    /// <summary>The settings the Functions host resolves as <c>%Name%</c>: in the worker's trigger attributes and in host.json.</summary>
    private static HashSet<string> HostResolvedSettings()
    {
        var texts = typeof(AppSettings).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(m => m.GetParameters().SelectMany(p => p.GetCustomAttributes()))
            .SelectMany(a => a.GetType().GetProperties().Where(p => p.PropertyType == typeof(string)).Select(p => p.GetValue(a) as string))
            .OfType<string>()
            .Append(File.ReadAllText(Path.Combine(Repository.Root(), "host.json")));
        return texts.SelectMany(t => Percented().Matches(t).Select(m => m.Groups["name"].Value)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The options types the app binds, by configuration section (their <c>Section</c> constants).</summary>
    private static Dictionary<string, Type> OptionSections() =>
        new[] { typeof(AppSettings).Assembly, typeof(Infra.Storage.StorageOptions).Assembly }
            .SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .Where(x => typeof(AppSettings).GetConstructors().Single().GetParameters().Any(p => p.ParameterType == x.Type) || x.Type.Name == "MessagingOptions")
            .ToDictionary(x => (string)x.Field!.GetRawConstantValue()!, x => x.Type, StringComparer.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="name"/> (Section:Property[:...]) names a property of the options the app binds.</summary>
    private static bool IsOption(string name, Dictionary<string, Type> sections)
    {
        var path = name.Split(':');
        if (!sections.TryGetValue(path[0], out var type))
        {
            return false;
        }

        foreach (var segment in path.Skip(1))
        {
            var property = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || !property.CanWrite)
            {
                return false;
            }

            if (property.PropertyType != typeof(string) && property.PropertyType.IsAssignableTo(typeof(System.Collections.IEnumerable)))
            {
                return true;
            }

            type = property.PropertyType;
        }

        return true;
    }

    // A random secret of exactly minLength characters, the shortest the template accepts (Base64 text, so a key that must
    // be Base64 of 32 bytes is, at 44 characters).
    private static string Secret(int minLength) => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes((minLength * 3 / 4) + 3))[..minLength];

    private static Compilation Compile()
    {
        var bicep = typeof(BicepTemplateTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value
            ?? throw new InvalidOperationException("BicepPath is not set: is the Azure.Bicep.CommandLine.linux-x64 package referenced?");
        bicep = Path.GetFullPath(bicep.Replace('\\', '/'));
        if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(bicep).HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
        }

        var output = Directory.CreateTempSubdirectory("bicep-");
        try
        {
            var start = new ProcessStartInfo(bicep)
            {
                ArgumentList = { "build", Path.Combine(Repository.Root(), "infra", "main.bicep"), "--outdir", output.FullName },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["BICEP_TELEMETRY_ENABLED"] = "false" },
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("bicep build took more than 3 minutes");
            }

            var compiled = Path.Combine(output.FullName, "main.json");
            var template = File.Exists(compiled) ? JsonNode.Parse(File.ReadAllText(compiled))!.AsObject() : [];
            return new Compilation(process.ExitCode, (stdout.Result + stderr.Result).Trim(), template);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"^@Microsoft\.KeyVault\(VaultName=[^;]+;SecretName=(?<secret>[A-Za-z0-9-]+)\)$")]
    private static partial Regex KeyVaultReference();

    [GeneratedRegex(@"%(?<name>[A-Za-z][A-Za-z0-9_:.]*)%")]
    private static partial Regex Percented();

    private sealed record Compilation(int ExitCode, string Output, JsonObject Template);

    /// <summary>What one evaluated deployment writes.</summary>
    /// <param name="Parameters">The parameter values it was evaluated with.</param>
    /// <param name="RawSettings">The app settings as written (Key Vault references unresolved).</param>
    /// <param name="Settings">The app settings as the app sees them (Key Vault references resolved to the stored secrets).</param>
    /// <param name="StoredSecrets">The Key Vault secrets, by name.</param>
    private sealed record Deployment(
        IReadOnlyDictionary<string, object?> Parameters, IReadOnlyDictionary<string, string> RawSettings, IReadOnlyDictionary<string, string> Settings,
        IReadOnlyDictionary<string, string> StoredSecrets)
    {
        /// <summary>The configuration the worker would read in Azure: these settings (Section__Key as Section:Key) and the platform's own.</summary>
        public IConfiguration Configuration(Func<string, bool>? except = null) =>
            new ConfigurationBuilder().AddInMemoryCollection(
                Settings.Where(s => except is null || !except(s.Key))
                    .Select(s => new KeyValuePair<string, string?>(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value))
                    .Concat(PlatformSettings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))))
            .Build();
    }
}
