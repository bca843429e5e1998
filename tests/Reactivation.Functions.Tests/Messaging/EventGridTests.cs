using Microsoft.DurableTask.Client;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Reactivation.Core.Journeys;
using Reactivation.Core.Policy;
using Reactivation.Core.Users;
using Reactivation.Fakes.Messaging;
using Reactivation.Functions.Tests.Journeys;
using Reactivation.Infra.Ingestion;
using Reactivation.Infra.Journeys;
using Reactivation.Infra.Messaging;
using Reactivation.Infra.Policy;
using Xunit;

namespace Reactivation.Functions.Tests.Messaging;

/// <summary>
/// The ACS events endpoint as Event Grid calls it: both subscription handshakes, and deliveries in the Event Grid schema
/// and in CloudEvents 1.0 carrying the documented ACS payloads, with journeys sending through the fake ACS server.
/// </summary>
public sealed class EventGridTests(AzuriteFixture azurite)
{
    private const string Key = "event-grid-key-0123456789";

    private const string Topic =
        "/subscriptions/{subscription-id}/resourceGroups/{group-name}/providers/microsoft.communication/communicationservices/{communication-services-resource-name}";

    private const string Journeys = """
        [
          { "id": "sms-once", "version": 1, "priority": 0, "cooldownDays": 0, "entry": { "reasons": ["earlyWarning"], "bands": ["active"] },
            "start": "sms", "steps": [
              { "id": "sms", "kind": "send", "channel": "sms", "template": "return-gift-sms", "next": "done" },
              { "id": "done", "kind": "exit", "outcome": "completed" } ] },
          { "id": "mail-once", "version": 1, "priority": 0, "cooldownDays": 0, "entry": { "reasons": ["earlyWarning"], "bands": ["active"] },
            "start": "mail", "steps": [
              { "id": "mail", "kind": "send", "channel": "email", "template": "return-gift-email", "next": "done" },
              { "id": "done", "kind": "exit", "outcome": "completed" } ] },
          { "id": "sms-twice", "version": 1, "priority": 0, "cooldownDays": 0, "entry": { "reasons": ["earlyWarning"], "bands": ["active"] },
            "start": "first", "steps": [
              { "id": "first", "kind": "send", "channel": "sms", "template": "return-gift-sms", "next": "pause" },
              { "id": "pause", "kind": "wait", "duration": "1d", "next": "second" },
              { "id": "second", "kind": "send", "channel": "sms", "template": "stronger-offer-sms", "next": "done" },
              { "id": "done", "kind": "exit", "outcome": "completed" } ] }
        ]
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_event_grid_schema_handshake_is_answered_with_the_validation_code()
    {
        var (app, acs) = await StartAsync();
        await using var _ = app;
        await using var __ = acs;
        const string body = """
            [{
              "id": "2d1781af-3a4c-4d7c-bd0c-e34b19da4e66",
              "topic": "/subscriptions/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
              "subject": "",
              "data": {
                "validationCode": "512d38b6-c7b8-40c8-89fe-f46f9e9622b6",
                "validationUrl": "https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/myeventsub/validate?id=0000000000-0000-0000-0000-00000000000000&t=2022-10-28T04:23:35.1981776Z&apiVersion=2018-05-01-preview&token=1A1A1A1A"
              },
              "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent",
              "eventTime": "2022-10-28T04:23:35.1981776Z",
              "metadataVersion": "1",
              "dataVersion": "1"
            }]
            """;
        using var request = Post(body, "application/json");
        request.Headers.Add("aeg-event-type", "SubscriptionValidation");

        var response = await app.App.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", answer["validationResponse"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_cloudevents_handshake_allows_the_requesting_origin_at_any_rate()
    {
        var (app, acs) = await StartAsync();
        await using var _ = app;
        await using var __ = acs;
        using var request = new HttpRequestMessage(HttpMethod.Options, $"/api/events/acs?key={Key}");
        request.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");

        var response = await app.App.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("eventgrid.azure.net", Assert.Single(response.Headers.GetValues("WebHook-Allowed-Origin")));
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("WebHook-Allowed-Rate")));
    }

    [Fact]
    public async Task A_delivered_sms_report_lands_on_the_send_record()
    {
        var (app, acs) = await StartAsync();
        await using var _ = app;
        await using var __ = acs;
        await AddUserAsync(app, "delivered", "+8613900000001");
        var (instance, messageId) = await SendAsync(app, "sms-once", "delivered");
        var receivedAt = app.Clock.GetUtcNow().AddSeconds(7);

        var response = await PostAsync(app, SmsDeliveryReport(messageId, "+8613900000001", "Delivered", "No error.", receivedAt), "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["recorded"]!.GetValue<int>());
        var record = Assert.Single(await app.Store.SendsAsync(instance, Ct));
        Assert.Equal(("Sent", "Delivered", "No error.", receivedAt), (record.GetString("Status"), record.GetString("DeliveryStatus"), record.GetString("DeliveryDetail"),
            record.GetDateTimeOffset("DeliveredAt")));
    }

    [Fact]
    public async Task A_duplicate_report_and_an_older_one_do_not_regress_the_delivery_status()
    {
        var (app, acs) = await StartAsync();
        await using var _ = app;
        await using var __ = acs;
        await AddUserAsync(app, "reordered", "+8613900000002");
        var (instance, messageId) = await SendAsync(app, "sms-once", "reordered");
        var delivered = app.Clock.GetUtcNow().AddMinutes(2);
        var delivery = SmsDeliveryReport(messageId, "+8613900000002", "Delivered", "No error.", delivered);

        await PostAsync(app, delivery, "application/json");
        var duplicate = await PostAsync(app, delivery, "application/json");
        var older = await PostAsync(app, SmsDeliveryReport(messageId, "+8613900000002", "Failed", "Carrier rejected.", delivered.AddMinutes(-1)), "application/json");

        Assert.Equal(1, JsonNode.Parse(await duplicate.Content.ReadAsStringAsync(Ct))!["unchanged"]!.GetValue<int>());
        Assert.Equal(1, JsonNode.Parse(await older.Content.ReadAsStringAsync(Ct))!["unchanged"]!.GetValue<int>());
        var record = Assert.Single(await app.Store.SendsAsync(instance, Ct));
        Assert.Equal(("Delivered", "No error.", delivered), (record.GetString("DeliveryStatus"), record.GetString("DeliveryDetail"), record.GetDateTimeOffset("DeliveredAt")));
        Assert.Null(await Blocks(app).ReasonAsync("reordered", Channel.Sms, "+8613900000002", Ct));
    }

    [Fact]
    public async Task A_hard_bounce_blocks_the_email_address_so_the_next_journey_send_to_it_is_skipped()
    {
        var (app, acs) = await StartAsync();
        await using var _ = app;
        await using var __ = acs;
        await AddUserAsync(app, "bouncer", "+8613900000003");
        var (instance, operationId) = await SendAsync(app, "mail-once", "bouncer");

        var response = await PostAsync(app, CloudEvent(EmailDeliveryReport(operationId, "bouncer@example.com", "Bounced", "550 5.1.1 mailbox unavailable",
            app.Clock.GetUtcNow().AddMinutes(1))), "application/cloudevents+json; charset=utf-8");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bounced", Assert.Single(await app.Store.SendsAsync(instance, Ct)).GetString("DeliveryStatus"));
        Assert.Contains("hard bounce", await Blocks(app).ReasonAsync("bouncer", Channel.Email, "bouncer@example.com", Ct), StringComparison.Ordinal);
        var (again, _) = await SendAsync(app, "mail-once", "bouncer", expectSent: false);
        Assert.Contains(await app.Store.HistoryAsync(again, Ct), h => h.Kind == "skipped" && h.Detail!.Contains("marked unusable", StringComparison.Ordinal));
        Assert.Single(acs.Messages, m => m.Channel == "email");
    }

    [Fact]
    public async Task Three_failed_sms_in_a_row_block_the_number_and_a_delivery_in_between_resets_the_count()
    {
        var (app, acs) = await StartAsync();
        await using var _ = app;
        await using var __ = acs;
        const string phone = "+8613900000004";
        await AddUserAsync(app, "failing", phone);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await SendAsync(app, "sms-once", "failing")).MessageId);
        }

        var at = app.Clock.GetUtcNow();
        var first = await PostAsync(app, Batch(
            CloudEvent(SmsDeliveryReport(ids[0], phone, "Failed", "Unknown error.", at.AddMinutes(1))),
            CloudEvent(SmsDeliveryReport(ids[1], phone, "Delivered", "No error.", at.AddMinutes(2))),
            CloudEvent(SmsDeliveryReport(ids[2], phone, "Failed", "Unknown error.", at.AddMinutes(3))),
            CloudEvent(SmsDeliveryReport(ids[3], phone, "Failed", "Unknown error.", at.AddMinutes(4)))), "application/cloudevents-batch+json; charset=utf-8");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(4, JsonNode.Parse(await first.Content.ReadAsStringAsync(Ct))!["recorded"]!.GetValue<int>());
        Assert.Null(await Blocks(app).ReasonAsync("failing", Channel.Sms, phone, Ct));

        await PostAsync(app, Batch(CloudEvent(SmsDeliveryReport(ids[4], phone, "Failed", "Unknown error.", at.AddMinutes(5)))), "application/cloudevents-batch+json; charset=utf-8");

        Assert.Contains("3 deliveries in a row failed", await Blocks(app).ReasonAsync("failing", Channel.Sms, phone, Ct), StringComparison.Ordinal);
        var (blocked, _) = await SendAsync(app, "sms-once", "failing", expectSent: false);
        Assert.Contains(await app.Store.HistoryAsync(blocked, Ct), h => h.Kind == "skipped" && h.Detail!.Contains("marked unusable", StringComparison.Ordinal));
        Assert.Equal(5, acs.Messages.Count);
    }

    [Theory]
    [InlineData("STOP", "+8613900000005")]
    [InlineData("退订", "8613900000005")]
    [InlineData("TD", "+8613900000005")]
    public async Task An_inbound_opt_out_keyword_records_the_keyword_as_evidence_and_the_running_journey_stops_using_sms(string keyword, string from)
    {
        var (app, acs) = await StartAsync();
        await using var _ = app;
        await using var __ = acs;
        await AddUserAsync(app, "stopper", "+8613900000005");
        await AddUserAsync(app, "bystander", "+8613900000006");
        var instance = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync(app.Services.GetRequiredService<DurableTaskClient>(), "sms-twice", "stopper", null, Ct)).InstanceId!;
        await app.PumpAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(30));
        var receivedAt = app.Clock.GetUtcNow().AddSeconds(-20);
        var stop = SmsReceived("Incoming_20261123020000d29ebbea-3341-4466-9690-0a03af35228e", from, keyword, receivedAt);

        var response = await PostAsync(app, stop, "application/json");
        await app.PumpAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var flags = await Consent(app).GetAsync("stopper", Ct);
        Assert.Equal([TemplatePurpose.Marketing, TemplatePurpose.Service], flags.Select(f => f.Purpose).Order());
        Assert.All(flags, f => Assert.Equal((Channel.Sms, ConsentState.OptedOut, "smsKeyword", keyword, receivedAt), (f.Channel, f.State, f.Source, f.Evidence, f.At)));
        Assert.Empty(await Consent(app).GetAsync("bystander", Ct));
        Assert.Equal([Channel.Sms], (await app.StateAsync(instance)).OptedOut);

        await PostAsync(app, stop, "application/json");
        app.Clock.Advance(TimeSpan.FromDays(1));
        await app.PumpAsync();
        await app.PumpAsync();

        var state = await app.StateAsync(instance);
        Assert.Equal((InstanceStatus.Completed, 1, 1), (state.Status, state.Sends, state.Skips));
        Assert.Contains(await app.Store.HistoryAsync(instance, Ct), h => h.Kind == "skipped" && h.Detail == "opted out of sms");
        Assert.Contains(Channel.Sms, state.OptedOut);
        Assert.Equal(flags, await Consent(app).GetAsync("stopper", Ct));
        Assert.Single(acs.Messages);
    }

    [Fact]
    public async Task An_inbound_start_after_a_stop_opts_the_user_back_in_and_a_replayed_stop_does_not_undo_it()
    {
        var (app, acs) = await StartAsync();
        await using var _ = app;
        await using var __ = acs;
        await AddUserAsync(app, "returner", "+8613900000007");
        var at = app.Clock.GetUtcNow().AddMinutes(-10);
        var stop = SmsReceived("Incoming_1", "+8613900000007", "STOP", at);

        await PostAsync(app, stop, "application/json");
        await PostAsync(app, CloudEvent(SmsReceived("Incoming_2", "+8613900000007", "Start", at.AddMinutes(5))), "application/cloudevents+json");
        await PostAsync(app, stop, "application/json");

        var flags = await Consent(app).GetAsync("returner", Ct);
        Assert.Equal(2, flags.Count);
        Assert.All(flags, f => Assert.Equal((ConsentState.OptedIn, "smsKeyword", "Start", at.AddMinutes(5)), (f.State, f.Source, f.Evidence, f.At)));
    }

    [Fact]
    public async Task An_inbound_stop_is_matched_to_whoever_has_the_number_now_not_to_a_user_who_changed_away_from_it()
    {
        var (app, acs) = await StartAsync();
        await using var _ = app;
        await using var __ = acs;
        await AddUserAsync(app, "mover", "+8613900000010");
        await AddUserAsync(app, "mover", "+8613900000011");
        await AddUserAsync(app, "newcomer", "+8613900000010");
        var at = app.Clock.GetUtcNow();

        await PostAsync(app, SmsReceived("Incoming_6", "+8613900000010", "STOP", at), "application/json");
        await PostAsync(app, SmsReceived("Incoming_7", "+8613900000011", "T", at), "application/json");

        Assert.Equal(["newcomer"], await app.Services.GetRequiredService<UserDirectory>().FindByPhoneAsync("+8613900000010", Ct));
        Assert.All(await Consent(app).GetAsync("newcomer", Ct), f => Assert.Equal("STOP", f.Evidence));
        Assert.All(await Consent(app).GetAsync("mover", Ct), f => Assert.Equal("T", f.Evidence));
        Assert.Equal((2, 2), ((await Consent(app).GetAsync("newcomer", Ct)).Count, (await Consent(app).GetAsync("mover", Ct)).Count));
    }

    [Fact]
    public async Task A_wrong_or_missing_key_is_refused_with_a_problem_and_nothing_is_written()
    {
        var (app, acs) = await StartAsync();
        await using var _ = app;
        await using var __ = acs;
        await AddUserAsync(app, "guarded", "+8613900000008");
        var stop = SmsReceived("Incoming_3", "+8613900000008", "STOP", app.Clock.GetUtcNow());

        var wrong = await app.App.Client.PostAsync("/api/events/acs?key=not-the-key-0123456789", new StringContent(stop, Encoding.UTF8, "application/json"), Ct);
        var missing = await app.App.Client.PostAsync("/api/events/acs", new StringContent(stop, Encoding.UTF8, "application/json"), Ct);
        using var handshake = new HttpRequestMessage(HttpMethod.Options, "/api/events/acs?key=wrong");
        handshake.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");
        var options = await app.App.Client.SendAsync(handshake, Ct);

        foreach (var response in new[] { wrong, missing, options })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.False(options.Headers.Contains("WebHook-Allowed-Origin"));
        Assert.Empty(await Consent(app).GetAsync("guarded", Ct));
    }

    [Fact]
    public async Task A_malformed_body_is_a_400_problem_and_nothing_of_it_is_written()
    {
        var (app, acs) = await StartAsync();
        await using var _ = app;
        await using var __ = acs;
        await AddUserAsync(app, "careful", "+8613900000009");
        var stop = SmsReceived("Incoming_4", "+8613900000009", "STOP", app.Clock.GetUtcNow());
        var broken = JsonNode.Parse(SmsReceived("Incoming_5", "+8613900000009", "STOP", app.Clock.GetUtcNow()))!;
        broken[0]!["data"]!.AsObject().Remove("messageId");
        var batch = $"[{JsonNode.Parse(stop)![0]!.ToJsonString()},{broken[0]!.ToJsonString()}]";

        var notJson = await PostAsync(app, "[{\"id\": ", "application/json");
        var missingField = await PostAsync(app, batch, "application/json");
        var notAnEvent = await PostAsync(app, "42", "application/json");
        var noEventType = await PostAsync(app, """[{"id":"1","subject":"s","data":{},"dataVersion":"1.0","eventTime":"2026-11-23T02:00:00Z"}]""", "application/json");

        foreach (var response in new[] { notJson, missingField, notAnEvent, noEventType })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var errors = JsonNode.Parse(await missingField.Content.ReadAsStringAsync(Ct))!["errors"]!.AsArray();
        Assert.Equal("/1/data/messageId", Assert.Single(errors)!["location"]!.GetValue<string>());
        Assert.Empty(await Consent(app).GetAsync("careful", Ct));
    }

    [Fact]
    public async Task Event_types_we_do_not_act_on_and_reports_for_messages_we_did_not_send_are_acknowledged_and_ignored()
    {
        var (app, acs) = await StartAsync();
        await using var _ = app;
        await using var __ = acs;
        var engagement = $$"""
            [{
              "id": "00000000-0000-0000-0000-000000000000",
              "topic": "{{Topic}}",
              "subject": "sender/senderid@azure.com/message/00000000-0000-0000-0000-000000000000",
              "data": {
                "sender": "senderid@azure.com",
                "messageId": "00000000-0000-0000-0000-000000000000",
                "userActionTimeStamp": "2022-09-06T22:34:52.1303595+00:00",
                "engagementContext": "",
                "userAgent": "",
                "engagementType": "view"
              },
              "eventType": "Microsoft.Communication.EmailEngagementTrackingReportReceived",
              "dataVersion": "1.0",
              "metadataVersion": "1",
              "eventTime": "2022-09-06T22:34:52.1303612Z"
            }]
            """;

        var ignored = await PostAsync(app, engagement, "application/json");
        var unknown = await PostAsync(app, SmsDeliveryReport("Outgoing_202009180022138813a09b-0cbf-4304-9b03-1546683bb910", "+15555555555", "Delivered", "No error.",
            app.Clock.GetUtcNow()), "application/json");

        Assert.Equal((HttpStatusCode.OK, 1), (ignored.StatusCode, JsonNode.Parse(await ignored.Content.ReadAsStringAsync(Ct))!["ignored"]!.GetValue<int>()));
        Assert.Equal((HttpStatusCode.OK, 1), (unknown.StatusCode, JsonNode.Parse(await unknown.Content.ReadAsStringAsync(Ct))!["unknown"]!.GetValue<int>()));
    }

    private async Task<(JourneyTestApp App, FakeAcsServer Acs)> StartAsync()
    {
        var clock = JourneyTestApp.NewClock();
        var acs = await FakeAcsServer.StartAsync(cancellationToken: Ct);
        var app = await JourneyTestApp.StartAsync(azurite, clock: clock, extra: new Dictionary<string, string?>
        {
            ["Acs:ConnectionString"] = acs.ConnectionString,
            ["Acs:SmsFrom"] = "+18005550100",
            ["Acs:EmailSender"] = "DoNotReply@mail.example.com",
            ["Acs:EventGridKey"] = Key,

            // These tests send several messages to one user in a row; the contact policy has its own tests.
            ["Policy:MaxMarketingPerDay"] = "100",
            ["Policy:MaxMarketingPerWindow"] = "100",
            ["Policy:FatigueAfter"] = "100",
        });
        var library = app.Services.GetRequiredService<JourneyLibrary>();
        foreach (var definition in JsonNode.Parse(Journeys)!.AsArray())
        {
            var (published, problems) = await library.PublishAsync(definition!.ToJsonString(), Ct);
            Assert.True(published is not null, string.Join("; ", problems));
        }

        return (app, acs);
    }

    private static Task AddUserAsync(JourneyTestApp app, string userId, string phone) =>
        app.Services.GetRequiredService<UserDirectory>().UpsertAsync([new UserUpdate(userId, phone, $"{userId}@example.com", "Asia/Shanghai", "zh-CN", "CN", null)], Ct);

    // Runs a one-send journey to its end; the message id is the one its delivery report will carry.
    private static async Task<(string InstanceId, string MessageId)> SendAsync(JourneyTestApp app, string journeyId, string userId, bool expectSent = true)
    {
        var instance = (await app.Services.GetRequiredService<JourneyEnroller>().StartAsync(app.Services.GetRequiredService<DurableTaskClient>(), journeyId, userId, null, Ct)).InstanceId!;
        await app.PumpAsync();
        Assert.Equal(InstanceStatus.Completed, (await app.StateAsync(instance)).Status);
        var record = Assert.Single(await app.Store.SendsAsync(instance, Ct));
        Assert.Equal(expectSent ? "Sent" : "Skipped", record.GetString("Status"));
        return (instance, record.GetString("ProviderId") ?? "");
    }

    private static HttpRequestMessage Post(string body, string contentType) =>
        new(HttpMethod.Post, $"/api/events/acs?key={Key}") { Content = new StringContent(body, Encoding.UTF8, contentType) };

    private static async Task<HttpResponseMessage> PostAsync(JourneyTestApp app, string body, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/events/acs?key={Key}") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return await app.App.Client.SendAsync(request, Ct);
    }

    private static ContactBlocks Blocks(JourneyTestApp app) => app.Services.GetRequiredService<ContactBlocks>();

    private static ConsentFlags Consent(JourneyTestApp app) => app.Services.GetRequiredService<ConsentFlags>();

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    // The shapes below are the documented ones (Event Grid docs, "Azure Communication Services - SMS events" and "- Email
    // events"), with our ids, numbers and times filled in.
    private static string SmsDeliveryReport(string messageId, string to, string status, string detail, DateTimeOffset receivedAt) => $$"""
        [{
          "id": "{{messageId}}",
          "topic": "{{Topic}}",
          "subject": "/phonenumber/18005550100",
          "data": {
            "messageId": "{{messageId}}",
            "from": "18005550100",
            "to": "{{to}}",
            "deliveryStatus": "{{status}}",
            "deliveryStatusDetails": "{{detail}}",
            "receivedTimestamp": "{{Time(receivedAt)}}",
            "deliveryAttempts": [
              {
                "timestamp": "{{Time(receivedAt.AddSeconds(-6))}}",
                "segmentsSucceeded": {{(status == "Delivered" ? 1 : 0)}},
                "segmentsFailed": {{(status == "Delivered" ? 0 : 1)}}
              }
            ],
            "Tag": "Optional customer-tag set in the original message"
          },
          "eventType": "Microsoft.Communication.SMSDeliveryReportReceived",
          "dataVersion": "1.0",
          "metadataVersion": "1",
          "eventTime": "{{Time(receivedAt)}}"
        }]
        """;

    private static string EmailDeliveryReport(string messageId, string recipient, string status, string statusMessage, DateTimeOffset at) => $$"""
        [{
          "id": "{{messageId}}",
          "topic": "{{Topic}}",
          "subject": "sender/DoNotReply@mail.example.com/message/{{messageId}}",
          "data": {
            "sender": "DoNotReply@mail.example.com",
            "recipient": "{{recipient}}",
            "messageId": "{{messageId}}",
            "status": "{{status}}",
            "deliveryStatusDetails": { "statusMessage": "{{statusMessage}}" },
            "deliveryAttemptTimeStamp": "{{Time(at)}}"
          },
          "eventType": "Microsoft.Communication.EmailDeliveryReportReceived",
          "dataVersion": "1.0",
          "metadataVersion": "1",
          "eventTime": "{{Time(at)}}"
        }]
        """;

    private static string SmsReceived(string messageId, string from, string message, DateTimeOffset receivedAt) => $$"""
        [{
          "id": "{{messageId}}",
          "topic": "{{Topic}}",
          "subject": "/phonenumber/{{from.TrimStart('+')}}",
          "data": {
            "messageId": "{{messageId}}",
            "from": "{{from}}",
            "to": "18005550100",
            "message": {{JsonSerializer.Serialize(message)}},
            "receivedTimestamp": "{{Time(receivedAt)}}",
            "segmentCount": 1
          },
          "eventType": "Microsoft.Communication.SMSReceived",
          "dataVersion": "1.0",
          "metadataVersion": "1",
          "eventTime": "{{Time(receivedAt.AddSeconds(2))}}"
        }]
        """;

    // The same event as Event Grid delivers it to a CloudEvents 1.0 subscription: topic becomes source, eventType type,
    // eventTime time, and the data is carried as is.
    private static string CloudEvent(string eventGridBatch)
    {
        var e = JsonNode.Parse(eventGridBatch)![0]!;
        return new JsonObject
        {
            ["id"] = e["id"]!.GetValue<string>(),
            ["source"] = e["topic"]!.GetValue<string>(),
            ["subject"] = e["subject"]!.GetValue<string>(),
            ["type"] = e["eventType"]!.GetValue<string>(),
            ["time"] = e["eventTime"]!.GetValue<string>(),
            ["specversion"] = "1.0",
            ["datacontenttype"] = "application/json",
            ["data"] = e["data"]!.DeepClone(),
        }.ToJsonString();
    }

    private static string Batch(params string[] cloudEvents) => "[" + string.Join(",", cloudEvents) + "]";
}
