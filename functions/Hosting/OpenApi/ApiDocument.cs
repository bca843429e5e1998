using System.Reflection;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Reactivation.Functions.Hosting.OpenApi;

/// <summary>
/// The OpenAPI description of every HTTP function, built by Microsoft.AspNetCore.OpenApi from the endpoints the local
/// host maps: each endpoint carries its <c>[Function]</c> method (so route parameters and XML comments are the
/// function's) and its <see cref="AppFunction"/> (so the key it asks for and the guards' answers come from the same
/// declaration <see cref="HttpGuards"/> enforces). The local host serves it with a Scalar reference page.
/// </summary>
public static class ApiDocument
{
    /// <summary>The document's name.</summary>
    public const string Name = "v1";

    /// <summary>Where the local host serves the document.</summary>
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>Where the local host serves the API reference page.</summary>
    public const string ReferencePath = "/scalar";

    /// <summary>The committed copy, beside the project file (the build writes it; review shows its changes).</summary>
    public const string CommittedFile = "openapi/reactivation.json";

    private const string AdminScheme = "adminKey";
    private const string IngestionScheme = "ingestionKey";
    private const string EventGridScheme = "eventGridKey";

    /// <summary>
    /// True when the build's document step (Microsoft.Extensions.ApiDescription.Server) started the executable: it
    /// passes only the application's name, and takes the host as soon as it is built, before anything starts.
    /// </summary>
    public static bool IsBuildTimeGeneration(string[] args) => args is [var only] && only.StartsWith("--applicationName=", StringComparison.Ordinal);

    /// <summary>
    /// What the build's document step configures so the host can be built: the document does not depend on settings,
    /// and the step never starts the host, so nothing here is ever used to reach storage or sign anything.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> BuildTimeSettings { get; } = new Dictionary<string, string?>
    {
        ["Host:DescribeOnly"] = "true",
        ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
        ["Messaging:UseLocalOutbox"] = "true",
        ["Offers:CouponSecret"] = "build-time-openapi-document-only-never-used",
    };

    /// <summary>Registers the document and its transformers.</summary>
    public static IServiceCollection AddApiDocument(this IServiceCollection services) => services.AddOpenApi(Name, options =>
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Reactivation engine",
                Version = "v1",
                Description =
                    "Finds users who have gone silent and brings them back. Every route under `/api` needs a key in the "
                    + $"`{ApiKeys.Header}` header (or `?code=`); the link routes at the root (`/r`, `/p`, `/u`) are reached from "
                    + "messages and carry their signed token in the path. Refusals are RFC 7807 problems and write nothing.",
            };

            // The groups are the operations' own (the description would list the declaring classes too), in order.
            document.Tags = new HashSet<OpenApiTag>(
                (document.Paths ?? []).Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags?.AsEnumerable() ?? []).Select(t => t.Name).Distinct().Order(StringComparer.Ordinal)
                    .Select(name => new OpenApiTag { Name = name }));

            // No servers: the document is the same served or committed, and never echoes a caller's Host header.
            document.Servers = [];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
            {
                [AdminScheme] = Key(ParameterLocation.Header, ApiKeys.Header, "The admin key (`Admin:Key`): management and anything that reads contact data."),
                [IngestionScheme] = Key(ParameterLocation.Header, ApiKeys.Header, "The ingestion key (`Ingestion:Key`): what the systems that send events present. The admin key is taken too."),
                [EventGridScheme] = Key(ParameterLocation.Query, "key", "The Event Grid key (`Acs:EventGridKey`), in the subscription's endpoint URL."),
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(async (operation, context, cancellationToken) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<AppFunction>().FirstOrDefault() is not { } function)
            {
                return;
            }

            operation.OperationId = function.Name;
            operation.Tags = new HashSet<OpenApiTagReference> { new(TagOf(function), context.Document) };
            operation.Security = SecurityOf(function, context.Document);

            // What the description inferred from the method's signature (trigger bindings, the Durable client) is not
            // the HTTP surface: the route's parameters, the declared query parameters and the declared body are.
            operation.Parameters = [];
            operation.RequestBody = null;
            foreach (var name in RouteParameters(function.Route!))
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = name,
                    In = ParameterLocation.Path,
                    Required = true,
                    Schema = await context.GetOrCreateSchemaAsync(typeof(string), null, cancellationToken).ConfigureAwait(false),
                });
            }

            foreach (var query in function.Method.GetCustomAttributes<QueryParameterAttribute>())
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = query.Name,
                    In = ParameterLocation.Query,
                    Required = query.Required,
                    Description = query.Description,
                    Schema = await context.GetOrCreateSchemaAsync(query.Type, null, cancellationToken).ConfigureAwait(false),
                });
            }

            // The body is the one a POST, PUT or PATCH sends (an OPTIONS on the same function has none).
            if (function.Method.GetCustomAttribute<RequestBodyAttribute>() is { } body && context.Description.HttpMethod is "POST" or "PUT" or "PATCH")
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = body.Description,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        [body.ContentType] = new() { Schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken).ConfigureAwait(false) },
                    },
                };
            }

            operation.Responses ??= [];

            // The API description keeps one body per status and drops the declared descriptions, so each declared status
            // is written from its [Answers]: every description, and every body (one media type with two bodies: oneOf).
            foreach (var answers in function.Method.GetCustomAttributes<AnswersAttribute>().GroupBy(a => a.StatusCode))
            {
                var bodies = new Dictionary<string, List<IOpenApiSchema>>();
                foreach (var answer in answers)
                {
                    if ((answer.Type ?? (answer.Media is null ? null : typeof(string))) is not { } type)
                    {
                        continue;
                    }

                    var schema = await BodySchemaAsync(type, context, cancellationToken).ConfigureAwait(false);
                    foreach (var media in answer.ContentTypes)
                    {
                        if (!bodies.TryGetValue(media, out var list))
                        {
                            bodies[media] = list = [];
                        }

                        list.Add(schema);
                    }
                }

                operation.Responses[answers.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
                {
                    Description = string.Join(" ", answers.Select(a => a.Description)),
                    Content = bodies.Count == 0 ? null : bodies.ToDictionary(
                        b => b.Key, b => new OpenApiMediaType { Schema = b.Value is [var one] ? one : new OpenApiSchema { OneOf = b.Value } }),
                };
            }

            // Only what is declared or guarded: the description adds a 200 of its own to an operation declaring no 2xx.
            var answered = function.Method.GetCustomAttributes<AnswersAttribute>().Select(a => a.StatusCode).Concat(GuardAnswers(function).Select(g => g.Status))
                .Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
            foreach (var undeclared in operation.Responses.Keys.Where(k => !answered.Contains(k)).ToList())
            {
                operation.Responses.Remove(undeclared);
            }

            foreach (var (status, description) in GuardAnswers(function))
            {
                operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
                {
                    Description = description,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/problem+json"] = new() { Schema = await BodySchemaAsync(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context, cancellationToken).ConfigureAwait(false) },
                    },
                };
            }
        });
    });

    // A declared body: a string inline (a page), any other type by reference to its component, as the description's own
    // bodies are, registering it when no other operation has.
    private static async Task<IOpenApiSchema> BodySchemaAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var schema = await context.GetOrCreateSchemaAsync(type, null, cancellationToken).ConfigureAwait(false);
        // Pages and collections inline: a component is named after its type, and List<A> and List<B> share a name.
        if (type == typeof(string) || type.IsGenericType || type.IsArray || context.Document is not { } document)
        {
            return schema;
        }

        if (document.Components?.Schemas?.ContainsKey(type.Name) != true)
        {
            document.AddComponent(type.Name, schema);
        }

        return new OpenApiSchemaReference(type.Name, document);
    }

    /// <summary>The answers <see cref="HttpGuards"/> may give <paramref name="function"/> before its handler runs.</summary>
    public static IEnumerable<(int Status, string Description)> GuardAnswers(AppFunction function)
    {
        if (function.Access == FunctionAccess.Public)
        {
            yield return (StatusCodes.Status429TooManyRequests, "Too many requests from this address (`RateLimit`); try again after `Retry-After`.");
            yield break;
        }

        yield return (StatusCodes.Status401Unauthorized, "The key this route needs is missing or wrong, or no key is configured for it.");
        if (HttpGuards.TakesJsonBody(function))
        {
            yield return (StatusCodes.Status413PayloadTooLarge, $"The body is over {RequestGuards.MaxBodyBytes:N0} bytes.");
            yield return (StatusCodes.Status415UnsupportedMediaType, "The body is not JSON (`Content-Type` must be `application/json`).");
        }
    }

    /// <summary>Serves the document and the reference page (the local host; both are public: they hold no key and no data).</summary>
    public static void MapApiDocument(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath.Replace(Name, "{documentName}", StringComparison.Ordinal));
        app.MapScalarApiReference(ReferencePath, options => options.WithTitle("Reactivation engine API").WithOpenApiRoutePattern(DocumentPath.Replace(Name, "{documentName}", StringComparison.Ordinal)));
    }

    /// <summary>The names of <paramref name="route"/>'s parameters, in order (<c>api/instances/{instanceId}</c>: <c>instanceId</c>).</summary>
    public static IEnumerable<string> RouteParameters(string route) =>
        route.Split('/').Where(part => part.StartsWith('{') && part.EndsWith('}')).Select(part => part[1..^1].Split(':')[0].TrimEnd('?'));

    private static OpenApiSecurityScheme Key(ParameterLocation where, string name, string description) =>
        new() { Type = SecuritySchemeType.ApiKey, In = where, Name = name, Description = description };

    private static List<OpenApiSecurityRequirement> SecurityOf(AppFunction function, OpenApiDocument? document)
    {
        OpenApiSecurityRequirement Needs(string scheme) => new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
        return function.Access switch
        {
            FunctionAccess.Public => [],
            FunctionAccess.Ingestion => [Needs(IngestionScheme), Needs(AdminScheme)],
            FunctionAccess.EventGrid => [Needs(EventGridScheme)],
            _ => [Needs(AdminScheme)],
        };
    }

    // The trigger class a function is declared in names its group: InstanceFunctions -> "Instances".
    private static string TagOf(AppFunction function) => function.Method.DeclaringType!.Name switch
    {
        "AcsFunctions" => "Event Grid",
        "ConsentFunctions" => "Consent",
        "IngestionFunctions" => "Ingestion",
        "InstanceFunctions" => "Instances",
        "JourneyFunctions" => "Journeys",
        "LinkFunctions" => "Links",
        "MeasurementFunctions" => "Measurement",
        "SweepFunctions" => "Sweeps",
        var name => name.Replace("Functions", "", StringComparison.Ordinal),
    };
}
