using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Reactivation.Core.Sweeps;

namespace Reactivation.Infra.Sweeps;

/// <summary>
/// The <c>enrollments</c> queue's message bodies: a batch of hand-offs (<c>{"schema":2,"handoffs":[...]}</c>), or the
/// single hand-off of schema 1 that earlier versions put on the queue and that operators may still enqueue by hand.
/// </summary>
public static class HandoffMessages
{
    /// <summary>The batch envelope's contract version.</summary>
    public const int BatchSchema = 2;

    /// <summary>
    /// The most a body may hold as UTF-8 before Base64: Base64 grows it by a third, and a queue message holds 64 KB.
    /// Larger batches are split.
    /// </summary>
    public const int MaxBodyBytes = 46_000;

    /// <summary>Packs <paramref name="handoffs"/>, in order, into bodies of at most <paramref name="perMessage"/> each and at most <see cref="MaxBodyBytes"/>.</summary>
    /// <returns>Each body with the index of its first hand-off in <paramref name="handoffs"/>.</returns>
    public static IEnumerable<(int FirstIndex, string Body)> Pack(IReadOnlyList<EnrollmentHandoff> handoffs, int perMessage)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perMessage, 1);
        for (var first = 0; first < handoffs.Count;)
        {
            var count = Math.Min(perMessage, handoffs.Count - first);
            var body = Batch(handoffs, first, count);
            while (count > 1 && Encoding.UTF8.GetByteCount(body) > MaxBodyBytes)
            {
                count /= 2;
                body = Batch(handoffs, first, count);
            }

            yield return (first, body);
            first += count;
        }
    }

    /// <summary>Reads a body of either schema.</summary>
    /// <exception cref="JsonException">The body is not a hand-off or a batch of them.</exception>
    public static IReadOnlyList<EnrollmentHandoff> Read(string body)
    {
        var node = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("a hand-off message must be a JSON object");
        if (node["handoffs"] is JsonArray batch)
        {
            return batch.Select(item => item.Deserialize<EnrollmentHandoff>(SweepJson.Options) ?? throw new JsonException("a batch holds an empty hand-off")).ToArray();
        }

        return [node.Deserialize<EnrollmentHandoff>(SweepJson.Options) ?? throw new JsonException("the hand-off is empty")];
    }

    private static string Batch(IReadOnlyList<EnrollmentHandoff> handoffs, int first, int count) =>
        JsonSerializer.Serialize(new HandoffBatch(BatchSchema, handoffs.Skip(first).Take(count).ToArray()), SweepJson.Options);

    private sealed record HandoffBatch(int Schema, IReadOnlyList<EnrollmentHandoff> Handoffs);
}
