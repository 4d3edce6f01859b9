using System.Text.Json.Nodes;

namespace Assistant.Web.Tests.RealClients;

/// <summary>
/// The npm package botframework-directlinejs (the Direct Line client inside Web Chat) run by Node against the real
/// server, over WebSocket and over polling: tests/clients/directline-node/client.mjs.
/// </summary>
public sealed class DirectLineJsClientTests
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static bool _installed;

    private static string ClientDir => Path.Combine(RepoPaths.Root, "tests", "clients", "directline-node");

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task DirectLineJs_gets_the_greeting_the_echo_of_its_message_and_the_reply(string mode)
    {
        var ct = TestContext.Current.CancellationToken;
        var node = RequiredTool.OnPath("node", "install Node.js 20+");
        await EnsureInstalledAsync(ct);

        await using var server = AssistantServer.Start();
        var run = await ToolProcess.RunAsync(node, ["client.mjs", server.BaseAddress.ToString(), mode], ClientDir,
            TimeSpan.FromSeconds(60), ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"node client.mjs {server.BaseAddress} {mode}: {run}");

        Assert.True(run.ExitCode == 0, $"The DirectLineJS client failed ({mode}): {run}");
        var summaryLine = run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        Assert.False(string.IsNullOrEmpty(summaryLine), $"No summary line on stdout: {run}");
        var summary = JsonNode.Parse(summaryLine)!.AsObject();

        Assert.True((bool)summary["ok"]!);
        Assert.Equal(mode, (string)summary["mode"]!);
        Assert.Equal(mode, (string)summary["transport"]!);
        Assert.True((bool)summary["conversationMatchesToken"]!, summaryLine);
        Assert.StartsWith("dl_", (string)summary["userId"]!, StringComparison.Ordinal);
        Assert.Equal((string)summary["postedId"]!, (string)summary["echoId"]!);
        Assert.Equal("помощ", (string)summary["echoText"]!);
        Assert.StartsWith("Здравейте!", (string)summary["greeting"]!, StringComparison.Ordinal);
        Assert.StartsWith("Ето как да разговаряте с мен", (string)summary["replyText"]!, StringComparison.Ordinal);
        Assert.Equal("bot", (string?)summary["replyFromRole"]);
        Assert.Equal((string)summary["echoId"]!, (string?)summary["replyToId"]);
        Assert.Equal(0, (int)summary["duplicates"]!);
        Assert.Equal(new[] { "Uninitialized", "Connecting", "Online" }, summary["statuses"]!.AsArray().Select(s => (string)s!));
    }

    [Fact]
    public async Task DirectLineJs_reconnects_after_a_dropped_socket_with_a_new_stream_url_and_gets_only_what_it_missed()
    {
        var ct = TestContext.Current.CancellationToken;
        var node = RequiredTool.OnPath("node", "install Node.js 20+");
        await EnsureInstalledAsync(ct);

        await using var server = AssistantServer.Start();
        var run = await ToolProcess.RunAsync(node, ["client.mjs", server.BaseAddress.ToString(), "reconnect"], ClientDir,
            TimeSpan.FromSeconds(90), ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"node client.mjs {server.BaseAddress} reconnect: {run}");

        Assert.True(run.ExitCode == 0, $"The DirectLineJS client failed (reconnect): {run}");
        var summaryLine = run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        Assert.False(string.IsNullOrEmpty(summaryLine), $"No summary line on stdout: {run}");
        var summary = JsonNode.Parse(summaryLine)!.AsObject();

        Assert.True((bool)summary["ok"]!);
        Assert.Equal("websocket", (string)summary["transport"]!);
        // DirectLineJS reconnected by itself: one new socket, on a new stream URL carrying its watermark ...
        Assert.Equal(2, (int)summary["socketsOpened"]!);
        Assert.False((bool)summary["firstStreamUrlHasWatermark"]!, summaryLine);
        Assert.True((bool)summary["secondStreamUrlHasWatermark"]!, summaryLine);
        Assert.True((bool)summary["secondStreamUrlIsNew"]!, summaryLine);
        // ... got the message posted while it was away, and its reply ...
        Assert.Equal((string)summary["postedId2"]!, (string)summary["echo2Id"]!);
        Assert.Equal((string)summary["echo2Id"]!, (string?)summary["reply2ToId"]);
        Assert.StartsWith("Ето как да разговаряте с мен", (string)summary["reply2Text"]!, StringComparison.Ordinal);
        // ... and nothing it had seen before; its status never left Online.
        Assert.Equal(0, (int)summary["duplicates"]!);
        Assert.Equal(new[] { "Uninitialized", "Connecting", "Online" }, summary["statuses"]!.AsArray().Select(s => (string)s!));
        // The first stream URL opens no second socket.
        Assert.Equal(403, (int)summary["firstStreamUrlAgain"]!);
    }

    /// <summary>Runs <c>npm ci</c> once per test run when node_modules is missing (the lock file is committed).</summary>
    private static async Task EnsureInstalledAsync(CancellationToken ct)
    {
        await InstallLock.WaitAsync(ct);
        try
        {
            var marker = Path.Combine(ClientDir, "node_modules", "botframework-directlinejs", "package.json");
            if (_installed || File.Exists(marker))
            {
                _installed = true;
                return;
            }

            var npm = RequiredTool.OnPath("npm", "install npm, it comes with Node.js");
            var run = await ToolProcess.RunAsync(npm, ["ci", "--no-audit", "--no-fund"], ClientDir, TimeSpan.FromMinutes(4), ct);
            TestContext.Current.TestOutputHelper?.WriteLine($"npm ci in {ClientDir}: {run}");
            Assert.True(run.ExitCode == 0 && File.Exists(marker), $"npm ci failed in {ClientDir}: {run}");
            _installed = true;
        }
        finally
        {
            InstallLock.Release();
        }
    }
}
