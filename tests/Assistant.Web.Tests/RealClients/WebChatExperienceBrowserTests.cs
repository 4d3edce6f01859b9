using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Assistant.Web.Tests.RealClients;

/// <summary>
/// What a citizen meets in the first minutes, in headless Chromium against the real page and the real Web Chat bundle:
/// the same participant on a return visit days later, the header's language switch changing the assistant's language,
/// a survey that stays in its language, every option of a 0–10 question visible on a 390×844 phone, progress that never
/// goes back, and a reconnect button when the connection drops.
/// </summary>
public sealed partial class WebChatExperienceBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string Greeting = "Здравейте!";
    private const string EnglishGreeting = "Hello! I am the digital assistant";
    private const string Help = "помощ";
    private const string HelpReply = "Ето как да разговаряте с мен";

    [Fact]
    public async Task A_return_visit_two_days_later_continues_the_same_conversation_as_the_same_participant()
    {
        var browser = await chromium.BrowserAsync();
        var clock = new ManualClock();
        await using var server = AssistantServer.Start(clock: clock);
        await using var context = await NewContextAsync(browser);

        var chat = await ChatPage.OpenAsync(context, server.BaseAddress);
        await chat.ExpectBubblesAsync(Greeting, 1);
        await chat.SendAsync(Help);
        await chat.ExpectBubblesAsync(HelpReply, 1);
        var conversationId = await chat.StoredConversationIdAsync();
        await chat.Page.CloseAsync();

        // Every token the page had is long expired; only the HttpOnly cookie is left.
        clock.Advance(TimeSpan.FromDays(2));
        var cookies = await context.CookiesAsync();
        var participant = Assert.Single(cookies, c => c.Name == "assistant-participant");
        Assert.True(participant.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, participant.SameSite);
        Assert.True(participant.Expires > DateTimeOffset.UtcNow.AddDays(170).ToUnixTimeSeconds());

        var later = await ChatPage.OpenAsync(context, server.BaseAddress);
        try
        {
            Assert.Equal(conversationId, await later.StoredConversationIdAsync());
            Assert.Equal("", await later.Page.EvaluateAsync<string>("() => document.cookie"));
            await later.ExpectBubblesAsync(HelpReply, 1);
            await later.ExpectBubblesAsync(Greeting, 1);
            await later.SendAsync(Help);
            await later.ExpectBubblesAsync(HelpReply, 2);

            // "New conversation": a fresh conversation, still the same participant (/mydata counts both).
            await later.Page.GetByRole(AriaRole.Button, new() { Name = "Нов разговор" }).ClickAsync();
            await Assertions.Expect(later.Bubbles(HelpReply)).ToHaveCountAsync(0, new() { Timeout = 30_000 });
            await later.ExpectBubblesAsync(Greeting, 1);
            Assert.NotEqual(conversationId, await later.StoredConversationIdAsync());
            await later.SendAsync("/mydata");
            await later.ExpectBubblesAsync("Разговори с асистента: 2", 1);

            // Compact (one line per line, not one bubble's height per line), with the menu's buttons under it.
            await Assertions.Expect(later.ActionButton("Задай въпрос")).ToBeVisibleAsync();
            var height = (await later.Bubbles("Разговори с асистента: 2").BoundingBoxAsync())!.Height;
            later.Step($"/mydata bubble: {height:0} px high");
            Assert.True(height < 240, $"/mydata takes {height} px");
            await later.ScreenshotAsync("mydata");
        }
        finally
        {
            await later.ScreenshotAsync(nameof(A_return_visit_two_days_later_continues_the_same_conversation_as_the_same_participant));
        }

        later.AssertBrowserReportedNoErrors();
    }

    [Fact]
    public async Task The_header_switch_changes_the_assistants_language_at_once_and_the_choice_is_remembered()
    {
        var browser = await chromium.BrowserAsync();
        await using var server = AssistantServer.Start();
        await using var context = await NewContextAsync(browser);

        var chat = await ChatPage.OpenAsync(context, server.BaseAddress);
        try
        {
            await chat.ExpectBubblesAsync(Greeting, 1);
            await chat.Page.Locator(".lang-switch button[data-lang=en]").ClickAsync();

            await chat.ExpectBubblesAsync(EnglishGreeting, 1);
            await Assertions.Expect(chat.ActionButton("Ask a question")).ToBeVisibleAsync();
            await Assertions.Expect(chat.Page.Locator("h1")).ToHaveTextAsync("Innovative Sofia Assistant");
            Assert.Equal("en", await chat.Page.EvaluateAsync<string>("() => document.documentElement.lang"));
            await Assertions.Expect(chat.Page.Locator(ChatPage.SendBox)).ToHaveAttributeAsync("placeholder", "Type your message");

            await chat.ReloadAsync();
            await Assertions.Expect(chat.Page.Locator("h1")).ToHaveTextAsync("Innovative Sofia Assistant");
            await chat.SendAsync("help");
            await chat.ExpectBubblesAsync("Here is how to talk to me", 1);
        }
        finally
        {
            await chat.ScreenshotAsync(nameof(The_header_switch_changes_the_assistants_language_at_once_and_the_choice_is_remembered));
        }

        chat.AssertBrowserReportedNoErrors();
    }

    [Fact]
    public async Task A_first_visit_from_an_English_browser_is_in_English()
    {
        var browser = await chromium.BrowserAsync();
        await using var server = AssistantServer.Start();
        await using var context = await NewContextAsync(browser, locale: "en-US");

        var chat = await ChatPage.OpenAsync(context, server.BaseAddress);
        await chat.ExpectBubblesAsync(EnglishGreeting, 1);
        await Assertions.Expect(chat.Page.Locator("h1")).ToHaveTextAsync("Innovative Sofia Assistant");
        Assert.Equal("en", await chat.Page.EvaluateAsync<string>("() => document.documentElement.lang"));
        chat.AssertBrowserReportedNoErrors();
    }

    [Fact]
    public async Task An_English_answer_inside_a_Bulgarian_survey_keeps_the_next_question_in_Bulgarian()
    {
        var browser = await chromium.BrowserAsync();
        await using var server = AssistantServer.Start();
        await using var context = await NewContextAsync(browser);

        var chat = await ChatPage.OpenAsync(context, server.BaseAddress);
        try
        {
            await chat.ExpectBubblesAsync(Greeting, 1);
            await chat.SendAsync("/survey workshop-feedback");
            await chat.ClickActionAsync("Съгласен/на съм");
            await chat.ExpectBubblesAsync("Как оценявате работната среща", 1);
            await chat.ClickActionAsync("5");
            await chat.ExpectBubblesAsync("Доколко срещата беше полезна", 1);
            await chat.ClickActionAsync("4");
            await chat.ExpectBubblesAsync("Какво да подобрим", 1);
            await chat.SendAsync("Shorter presentations, more Q&A");

            await chat.ExpectBubblesAsync("Бихте ли участвали отново", 1);
            await Assertions.Expect(chat.ActionButton("Да")).ToBeVisibleAsync();
            await chat.ExpectBubblesAsync("Would you take part", 0);
        }
        finally
        {
            await chat.ScreenshotAsync(nameof(An_English_answer_inside_a_Bulgarian_survey_keeps_the_next_question_in_Bulgarian));
        }

        chat.AssertBrowserReportedNoErrors();
    }

    [Fact]
    public async Task On_a_390_px_phone_every_option_of_the_0_to_10_question_is_visible_and_clickable_and_progress_never_goes_back()
    {
        var browser = await chromium.BrowserAsync();
        await using var server = AssistantServer.Start();
        await using var context = await NewContextAsync(browser, width: 390, height: 844);

        var chat = await ChatPage.OpenAsync(context, server.BaseAddress);
        try
        {
            await chat.ExpectBubblesAsync(Greeting, 1);
            await chat.SendAsync("/survey e-government-participation");
            await chat.ClickActionAsync("Съгласен/на съм");
            await chat.ExpectBubblesAsync("Колко често през последните 12 месеца", 1);
            await AssertAllActionsVisibleAsync(chat, 390);
            await chat.ClickActionAsync("Поне веднъж месечно");
            await chat.ExpectBubblesAsync("Доколко сте доволни", 1);
            await chat.ClickActionAsync("4");

            // A multi-choice question: the current selection is visible in the message and on its button.
            await chat.ExpectBubblesAsync("Какво Ви затруднява", 1);
            await AssertAllActionsVisibleAsync(chat, 390);
            await chat.ClickActionAsync("Трудно намирам услугата");
            await chat.ExpectBubblesAsync("Избрано: Трудно намирам услугата", 1);
            await Assertions.Expect(chat.ActionButton("✓ Трудно намирам услугата")).ToBeVisibleAsync();
            await chat.ClickActionAsync("Готово");

            await chat.ExpectBubblesAsync("Колко вероятно е да препоръчате", 1);
            var scale = await AssertAllActionsVisibleAsync(chat, 390);
            Assert.Equal(Enumerable.Range(0, 11).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), scale);
            Assert.True(await chat.Page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= window.innerWidth"),
                "the page scrolls sideways");
            await chat.Page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath("phone-390x844-nps-0-to-10") });
            await chat.ClickActionAsync("10");
            await chat.ExpectBubblesAsync("Кои решения биха подобрили", 1);

            var progress = await chat.Page.Locator(".webchat__basic-transcript .webchat__bubble:not(.webchat__bubble--from-user)")
                .AllInnerTextsAsync();
            var steps = progress.Select(t => ProgressLine().Match(t)).Where(m => m.Success)
                .Select(m => (N: int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture),
                    M: int.Parse(m.Groups["m"].Value, System.Globalization.CultureInfo.InvariantCulture)))
                .Distinct().ToList();
            TestContext.Current.TestOutputHelper?.WriteLine("progress: " + string.Join(", ", steps));
            Assert.True(steps.Count >= 4);
            Assert.Equal((1, 11), steps[0]);
            for (var i = 1; i < steps.Count; i++)
            {
                Assert.Equal(steps[i - 1].N + 1, steps[i].N);
                Assert.True(steps[i].M <= steps[i - 1].M, "the total grew: " + string.Join(", ", steps));
            }
        }
        finally
        {
            await chat.ScreenshotAsync(nameof(On_a_390_px_phone_every_option_of_the_0_to_10_question_is_visible_and_clickable_and_progress_never_goes_back));
        }

        chat.AssertBrowserReportedNoErrors();
    }

    [Fact]
    public async Task When_the_connection_drops_a_reconnect_button_brings_the_conversation_back()
    {
        var browser = await chromium.BrowserAsync();
        var port = AssistantServer.FreePort();
        var databasePath = AssistantServer.NewDatabasePath();
        await using var context = await NewContextAsync(browser);
        var server = AssistantServer.Start(databasePath, port: port);
        ChatPage? chat = null;
        try
        {
            chat = await ChatPage.OpenAsync(context, server.BaseAddress);
            await chat.ExpectBubblesAsync(Greeting, 1);
            await chat.SendAsync(Help);
            await chat.ExpectBubblesAsync(HelpReply, 1);

            await server.DisposeAsync();
            var reconnect = chat.Page.GetByRole(AriaRole.Button, new() { Name = "Свържете се отново" });
            await Assertions.Expect(reconnect).ToBeVisibleAsync(new() { Timeout = 90_000 });
            await Assertions.Expect(chat.Page.Locator("#status-text")).ToHaveTextAsync("Връзката прекъсна.");
            chat.Step("the page offers to reconnect");

            server = AssistantServer.Start(databasePath, port: port);
            await reconnect.ClickAsync();
            await Assertions.Expect(reconnect).ToBeHiddenAsync(new() { Timeout = 30_000 });
            // The page renders a new chat for the resumed conversation; typing into the old one while it is replaced
            // would be lost, so wait until the new one is connected.
            await chat.Page.WaitForFunctionAsync(
                "() => window.assistantChat && window.assistantChat.resumed === true && document.getElementById('status-text').getAttribute('data-status') === ''",
                null, new() { Timeout = 30_000 });
            await chat.ExpectBubblesAsync(HelpReply, 1);
            await chat.SendAsync(Help);
            await chat.ExpectBubblesAsync(HelpReply, 2);
        }
        finally
        {
            if (chat is not null)
            {
                await chat.ScreenshotAsync(nameof(When_the_connection_drops_a_reconnect_button_brings_the_conversation_back));
            }

            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Forget_erases_the_participant_and_drops_the_cookie_so_the_next_conversation_is_a_strangers()
    {
        var browser = await chromium.BrowserAsync();
        await using var server = AssistantServer.Start();
        await using var context = await NewContextAsync(browser);

        var chat = await ChatPage.OpenAsync(context, server.BaseAddress);
        try
        {
            await chat.ExpectBubblesAsync(Greeting, 1);
            var before = await chat.StoredConversationIdAsync();
            await chat.SendAsync("/forget");
            await chat.ClickActionAsync("Да, изтрий всичко");
            await chat.ExpectBubblesAsync("изтрих всичко", 1);

            var newConversation = chat.Page.Locator("#status-action");
            await Assertions.Expect(newConversation).ToHaveTextAsync("Нов разговор");
            await Assertions.Expect(chat.Page.Locator("#status-text")).ToContainTextAsync("Данните Ви са изтрити");
            await AssertEventuallyAsync(async () => !(await context.CookiesAsync()).Any(c => c.Name == "assistant-participant"),
                "the participant cookie is still there after /forget");

            await newConversation.ClickAsync();
            await AssertEventuallyAsync(async () => await chat.StoredConversationIdAsync() is { Length: > 0 } id && id != before,
                "no new conversation after /forget");
            await chat.ExpectBubblesAsync(Greeting, 1);
            await chat.SendAsync("/mydata");
            await chat.ExpectBubblesAsync("Разговори с асистента: 1", 1);
        }
        finally
        {
            await chat.ScreenshotAsync(nameof(Forget_erases_the_participant_and_drops_the_cookie_so_the_next_conversation_is_a_strangers));
        }

        chat.AssertBrowserReportedNoErrors();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Only_a_configured_site_can_embed_the_chat_in_a_frame(bool allowed)
    {
        var browser = await chromium.BrowserAsync();
        // The embedding site: another origin on loopback (localhost, not the server's 127.0.0.1), serving a page with the
        // README's iframe snippet. A real socket, so that Chromium's local-network checks see a local page.
        var sitePort = AssistantServer.FreePort();
        var site = $"http://localhost:{sitePort}";
        await using var server = AssistantServer.Start(settings: new()
        {
            ["Embed:AllowedOrigins:0"] = allowed ? site : "http://localhost:1",
        });
        using var listener = new System.Net.HttpListener();
        listener.Prefixes.Add(site + "/");
        listener.Start();
        var html = $"<!DOCTYPE html><html lang=\"en\"><head><title>City</title></head><body><iframe id=\"chat\" src=\"{server.BaseAddress}\" " +
            "title=\"Chat\" style=\"width:400px;height:600px;border:0\"></iframe></body></html>";
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                System.Net.HttpListenerContext request;
                try
                {
                    request = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is System.Net.HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                var body = System.Text.Encoding.UTF8.GetBytes(html);
                request.Response.ContentType = "text/html; charset=utf-8";
                await request.Response.OutputStream.WriteAsync(body, TestContext.Current.CancellationToken);
                request.Response.Close();
            }
        }, TestContext.Current.CancellationToken);
        await using var context = await NewContextAsync(browser);
        var page = await context.NewPageAsync();
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.PageError += (_, error) => errors.Enqueue(error);
        await page.GotoAsync(site + "/");
        var frame = page.FrameLocator("#chat");

        if (allowed)
        {
            await Assertions.Expect(frame.Locator(ChatPage.SendBox)).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Assertions.Expect(frame.Locator(".webchat__bubble").Filter(new() { HasText = Greeting }))
                .ToHaveCountAsync(1, new() { Timeout = 30_000 });
            Assert.True(errors.IsEmpty, "Uncaught errors in the frame:\n" + string.Join("\n", errors));
        }
        else
        {
            await page.WaitForTimeoutAsync(3000);
            Assert.Equal(0, await frame.Locator(ChatPage.SendBox).CountAsync());
        }

        listener.Stop();
        await serving;
    }

    /// <summary>
    /// Every suggested action lies inside the viewport's width and inside its own scroll box (nothing cut, nothing
    /// behind a scroll arrow); returns their titles.
    /// </summary>
    private static async Task<IReadOnlyList<string>> AssertAllActionsVisibleAsync(ChatPage chat, int width)
    {
        await Assertions.Expect(chat.ActionButtons.First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var titles = new List<string>();
        foreach (var button in await chat.ActionButtons.AllAsync())
        {
            await Assertions.Expect(button).ToBeInViewportAsync(new() { Ratio = 1 });
            var box = (await button.BoundingBoxAsync())!;
            var title = (await button.InnerTextAsync()).Trim();
            Assert.True(box.X >= 0 && box.X + box.Width <= width, $"\"{title}\" lies outside 0–{width}: x={box.X}, width={box.Width}");
            titles.Add(title);
        }

        var overflow = await chat.Page.EvaluateAsync<JsonElement>("""
            () => [...document.querySelectorAll('.webchat__suggested-actions, .webchat__suggested-actions *')]
              .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
              .map(e => e.className)
            """);
        Assert.True(overflow.GetArrayLength() == 0, "suggested actions scroll sideways: " + overflow);
        chat.Step($"{titles.Count} actions all visible: {string.Join(" | ", titles)}");
        return titles;
    }

    private static async Task AssertEventuallyAsync(Func<Task<bool>> condition, string failure)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(15); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if (await condition())
            {
                return;
            }
        }

        Assert.Fail(failure);
    }

    private static string ScreenshotPath(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "RealClients-screenshots");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, name + ".png");
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {file}");
        return file;
    }

    private static Task<IBrowserContext> NewContextAsync(IBrowser browser, string locale = "bg-BG", int width = 900, int height = 1000) =>
        browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });

    [GeneratedRegex("(?:Въпрос|Question) (?<n>\\d+) (?:от|of)(?: най-много| at most)? (?<m>\\d+)")]
    private static partial Regex ProgressLine();
}
