using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Reactivation.Functions.Hosting.OpenApi;

/// <summary>
/// A status an HTTP function's handler answers with, and the body it writes then: a JSON type, an RFC 7807 problem
/// (<see cref="ProblemDetails"/>, <c>application/problem+json</c>), or a page. The guards' answers (401, 413, 415, 429)
/// are added from the function's access, so they are not declared here.
/// </summary>
/// <param name="statusCode">The status.</param>
/// <param name="description">When the handler answers it.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class AnswersAttribute(int statusCode, string description) : Attribute, IProducesResponseTypeMetadata
{
    /// <summary>The status.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>When the handler answers it.</summary>
    public string? Description { get; } = description;

    /// <summary>The JSON body's type; a problem for 4xx and 5xx unless set, no body for other statuses unless set.</summary>
    public Type? Body { get; init; }

    /// <summary>A media type other than JSON (a page, a redirect without body).</summary>
    public string? Media { get; init; }

    /// <inheritdoc/>
    public Type? Type => Body ?? (StatusCode >= 400 && Media is null ? typeof(ProblemDetails) : null);

    /// <inheritdoc/>
    public IEnumerable<string> ContentTypes => Media is { } media ? [media] : Type == typeof(ProblemDetails) ? ["application/problem+json"] : Type is null ? [] : ["application/json"];
}
