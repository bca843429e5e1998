using System.Text.Json;
using Reactivation.Functions.Hosting;
using Xunit;

namespace Reactivation.Functions.Tests.Hosting;

public sealed class InvocationPayloadTests
{
    [Theory]
    [InlineData("""{"Data":{"message":"\"hello\""}}""", "hello")]
    [InlineData("""{"Data":{"message":"hello"}}""", "hello")]
    [InlineData("""{"data":{"Message":"\"a \\\"quoted\\\" word\""}}""", "a \"quoted\" word")]
    [InlineData("""{"Data":{"message":{"k":1}}}""", """{"k":1}""")]
    public void Data_text_is_unwrapped_once_when_double_encoded(string body, string expected)
    {
        using var document = JsonDocument.Parse(body);
        Assert.Equal(expected, InvocationPayload.DataText(document.RootElement, "message"));
    }

    [Theory]
    [InlineData("""{"Metadata":{"DequeueCount":3}}""", 3)]
    [InlineData("""{"Metadata":{"DequeueCount":"3"}}""", 3)]
    [InlineData("""{"Metadata":{"DequeueCount":"\"3\""}}""", 3)]
    public void Numbers_are_read_as_numbers_or_numeric_strings(string body, int expected)
    {
        using var document = JsonDocument.Parse(body);
        Assert.Equal(expected, InvocationPayload.MetadataInt(document.RootElement, "DequeueCount"));
    }

    [Fact]
    public void The_host_clock_is_read_from_sys_metadata()
    {
        using var document = JsonDocument.Parse("""{"Metadata":{"sys":{"UtcNow":"2026-11-22T02:00:03Z"}}}""");
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 2, 0, 3, TimeSpan.Zero), InvocationPayload.HostUtcNow(document.RootElement));
    }

    [Fact]
    public void The_latest_occurrence_identifies_a_late_firing_with_its_schedule()
    {
        var late = new DateTimeOffset(2026, 11, 22, 2, 7, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero), SweepSchedule.LatestOccurrence("0 0 2 * * *", late));
    }
}
