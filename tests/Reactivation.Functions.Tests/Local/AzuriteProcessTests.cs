using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Reactivation.Infra.Local;
using Xunit;

namespace Reactivation.Functions.Tests.Local;

public sealed class AzuriteProcessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Queues_keep_their_messages_on_disk_tables_answer_beside_them_and_dispose_stops_every_service_and_removes_the_folder()
    {
        var azurite = await AzuriteProcess.StartAsync(cancellationToken: Ct);
        var queue = new QueueClient(azurite.ConnectionString, "probe");
        await queue.CreateAsync(cancellationToken: Ct);
        await queue.SendMessageAsync("hello", Ct);
        var table = new TableClient(azurite.ConnectionString, "probe");
        await table.CreateAsync(Ct);
        await table.AddEntityAsync(new TableEntity("p", "r"), Ct);
        var folderHeldFiles = Directory.EnumerateFiles(azurite.QueueFolder, "*", SearchOption.AllDirectories).Any();
        var received = (await queue.ReceiveMessageAsync(cancellationToken: Ct)).Value.MessageText;
        var read = (await table.GetEntityAsync<TableEntity>("p", "r", cancellationToken: Ct)).Value.RowKey;

        await azurite.DisposeAsync();

        Assert.Equal((true, "hello", "r"), (folderHeldFiles, received, read));
        Assert.False(Directory.Exists(azurite.QueueFolder));
        foreach (var port in new[] { azurite.BlobPort, azurite.QueuePort, azurite.TablePort })
        {
            using var client = new TcpClient();
            await Assert.ThrowsAsync<SocketException>(async () => await client.ConnectAsync(IPAddress.Loopback, port, Ct));
        }
    }
}
