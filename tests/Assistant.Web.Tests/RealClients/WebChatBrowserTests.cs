using System.Diagnostics;
using Microsoft.Playwright;

namespace Assistant.Web.Tests.RealClients;

/// <summary>
/// The real page in a real browser: headless Chromium loads <c>/</c> from the real server, the official Web Chat bundle
/// renders and talks Direct Line (WebSocket) to our endpoints, and the conversation survives a page reload and a
/// server restart (the page keeps its session in localStorage).
/// </summary>
public sealed class WebChatBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string Greeting = "Здравейте!";
    private const string Help = "помощ";
    private const string HelpReply = "Ето как да разговаряте с мен";

    [Fact]
    public async Task Page_renders_Web_Chat_shows_the_greeting_and_answers_a_typed_message()
    {
        var browser = await chromium.BrowserAsync();
        await using var server = AssistantServer.Start();
        await using var context = await NewContextAsync(browser);

        var chat = await ChatPage.OpenAsync(context, server.BaseAddress);
        try
        {
            await chat.ExpectBubblesAsync(Greeting, 1);
            await chat.SendAsync(Help);
            await chat.ExpectBubblesAsync(HelpReply, 1);
            await chat.ExpectBubblesAsync(Help, 1, fromUser: true);
            await chat.ExpectSentAsync(Help, 1);
        }
        finally
        {
            await chat.ScreenshotAsync(nameof(Page_renders_Web_Chat_shows_the_greeting_and_answers_a_typed_message));
        }

        chat.AssertBrowserReportedNoErrors();
    }

    [Fact]
    public async Task Reloading_the_page_continues_the_same_conversation()
    {
        var browser = await chromium.BrowserAsync();
        await using var server = AssistantServer.Start();
        await using var context = await NewContextAsync(browser);

        var chat = await ChatPage.OpenAsync(context, server.BaseAddress);
        try
        {
            await chat.ExpectBubblesAsync(Greeting, 1);
            await chat.SendAsync(Help);
            await chat.ExpectBubblesAsync(HelpReply, 1);
            await chat.ExpectSentAsync(Help, 1);
            var conversationId = await chat.StoredConversationIdAsync();
            Assert.False(string.IsNullOrEmpty(conversationId), "chat.js stored no session in localStorage");

            await chat.ReloadAsync();

            // The history comes back once (no second greeting: it is the same conversation, not a new one) ...
            await chat.ExpectBubblesAsync(HelpReply, 1);
            await chat.ExpectSentAsync(Help, 1);
            await chat.ExpectBubblesAsync(Greeting, 1);
            Assert.Equal(conversationId, await chat.StoredConversationIdAsync());

            // ... and it goes on.
            await chat.SendAsync(Help);
            await chat.ExpectBubblesAsync(HelpReply, 2);
            await chat.ExpectSentAsync(Help, 2);
        }
        finally
        {
            await chat.ScreenshotAsync(nameof(Reloading_the_page_continues_the_same_conversation));
        }

        chat.AssertBrowserReportedNoErrors();
    }

    [Fact]
    public async Task The_conversation_survives_a_server_restart()
    {
        var browser = await chromium.BrowserAsync();
        // The same origin before and after the restart, so the page finds its saved session in localStorage.
        var port = AssistantServer.FreePort();
        var databasePath = AssistantServer.NewDatabasePath();
        await using var context = await NewContextAsync(browser);
        ChatPage? chat = null;
        AssistantServer? server = null;
        try
        {
            server = AssistantServer.Start(databasePath, port: port);
            chat = await ChatPage.OpenAsync(context, server.BaseAddress);
            await chat.ExpectBubblesAsync(Greeting, 1);
            await chat.SendAsync(Help);
            await chat.ExpectBubblesAsync(HelpReply, 1);
            await chat.ExpectSentAsync(Help, 1);
            var conversationId = await chat.StoredConversationIdAsync();

            // Stopped while the page still holds its WebSocket open, as in a real deployment.
            var stopping = Stopwatch.StartNew();
            await server.DisposeAsync();
            server = null;
            chat.Step($"server stopped in {stopping.ElapsedMilliseconds} ms with the page's WebSocket open");
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), "the server closes open streams when it stops");

            server = AssistantServer.Start(databasePath, port: port);
            chat.Step($"server started again on {server.BaseAddress} over the same database");
            await chat.ReloadAsync();

            await chat.ExpectBubblesAsync(HelpReply, 1);
            await chat.ExpectSentAsync(Help, 1);
            await chat.ExpectBubblesAsync(Greeting, 1);
            Assert.Equal(conversationId, await chat.StoredConversationIdAsync());

            await chat.SendAsync(Help);
            await chat.ExpectBubblesAsync(HelpReply, 2);
            await chat.ExpectSentAsync(Help, 2);
        }
        finally
        {
            if (chat is not null)
            {
                await chat.ScreenshotAsync(nameof(The_conversation_survives_a_server_restart));
                await chat.Page.CloseAsync();
            }

            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }

        chat.AssertBrowserReportedNoErrors();
    }

    private static Task<IBrowserContext> NewContextAsync(IBrowser browser) =>
        browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "bg-BG",
            ViewportSize = new ViewportSize { Width = 900, Height = 1000 },
        });
}
