using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Playwright;

namespace Assistant.Web.Tests.RealClients;

/// <summary>
/// The assistant's chat page (index.html + chat.js + the official Web Chat bundle) in a real browser tab, with what the
/// browser reported: uncaught page errors (each one fails the test), console errors/warnings and failed requests
/// (written to the test output; Content-Security-Policy violations among them fail the test).
/// </summary>
internal sealed class ChatPage
{
    public const string SendBox = ".webchat__send-box-text-box__input";
    private const string Transcript = ".webchat__basic-transcript";

    // Web Chat 4.18.1's bg-BG strings ACTIVITY_STATUS_SEND_STATUS_ALT_SENT_AT ("Изпратено в $1") and
    // ACTIVITY_STATUS_SEND_FAILED_RETRY ("Изпращането е неуспешно. [Повторен опит]"); the page runs Web Chat in bg-BG.
    private const string SentAt = "Изпратено в";
    private const string SendFailed = "Изпращането е неуспешно";

    private readonly ConcurrentQueue<string> _pageErrors = new();
    private readonly ConcurrentQueue<string> _consoleErrors = new();
    private readonly ConcurrentQueue<string> _log = new();

    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private ChatPage(IPage page) => Page = page;

    public IPage Page { get; }

    public static async Task<ChatPage> OpenAsync(IBrowserContext context, Uri baseAddress)
    {
        var page = new ChatPage(await context.NewPageAsync());
        page.Page.PageError += (_, error) => page._pageErrors.Enqueue(error);
        page.Page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                (message.Type == "error" ? page._consoleErrors : page._log)
                    .Enqueue($"console.{message.Type}: {message.Text} (at {message.Location})");
            }
        };
        page.Page.RequestFailed += (_, request) => page._log.Enqueue($"request failed: {request.Method} {request.Url}: {request.Failure}");
        page.Page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                page._log.Enqueue($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
            }
        };
        await page.LoadAsync(baseAddress);
        return page;
    }

    public async Task LoadAsync(Uri baseAddress)
    {
        await Page.GotoAsync(baseAddress.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        await WaitForWebChatAsync();
        Step("page loaded, Web Chat rendered");
    }

    public async Task ReloadAsync()
    {
        await Page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.Load });
        await WaitForWebChatAsync();
        Step("page reloaded, Web Chat rendered");
    }

    /// <summary>Writes a progress line with the time since the page was opened (where the seconds go).</summary>
    public void Step(string what) =>
        TestContext.Current.TestOutputHelper?.WriteLine($"[{_clock.ElapsedMilliseconds,6} ms] {what}");

    /// <summary>Waits until the real bundle has loaded and rendered: <c>window.WebChat</c> and a visible send box.</summary>
    private async Task WaitForWebChatAsync()
    {
        await Page.WaitForFunctionAsync("() => typeof window.WebChat === 'object' && typeof window.WebChat.renderWebChat === 'function'");
        await Page.Locator(SendBox).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
    }

    /// <summary>Message bubbles in the transcript (not the screen-reader copies) whose text contains <paramref name="text"/>.</summary>
    public ILocator Bubbles(string text, bool fromUser = false) =>
        Page.Locator($"{Transcript} .webchat__bubble{(fromUser ? ".webchat__bubble--from-user" : ":not(.webchat__bubble--from-user)")}")
            .Filter(new LocatorFilterOptions { HasText = text });

    /// <summary>The suggested-action buttons Web Chat shows under the latest message.</summary>
    public ILocator ActionButtons => Page.Locator(".webchat__suggested-actions .webchat__suggested-action");

    /// <summary>The suggested-action button whose whole title is <paramref name="title"/>.</summary>
    public ILocator ActionButton(string title) =>
        ActionButtons.Filter(new LocatorFilterOptions
        {
            HasTextRegex = new System.Text.RegularExpressions.Regex("^\\s*" + System.Text.RegularExpressions.Regex.Escape(title) + "\\s*$"),
        });

    public async Task ClickActionAsync(string title)
    {
        await ActionButton(title).ClickAsync(new LocatorClickOptions { Timeout = 30_000 });
        Step($"clicked \"{title}\"");
    }

    public async Task SendAsync(string text)
    {
        var box = Page.Locator(SendBox);
        await box.FillAsync(text);
        await box.PressAsync("Enter");
        Step($"typed \"{text}\" + Enter");
    }

    /// <summary>Waits until exactly <paramref name="count"/> bubbles contain <paramref name="text"/>.</summary>
    public async Task ExpectBubblesAsync(string text, int count, bool fromUser = false)
    {
        await Assertions.Expect(Bubbles(text, fromUser)).ToHaveCountAsync(count, new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 });
        Step($"{count} {(fromUser ? "user" : "bot")} message(s) with \"{text}\" shown");
    }

    /// <summary>
    /// Waits until <paramref name="count"/> user messages containing <paramref name="text"/> are shown, each with Web Chat's
    /// "sent at" status (the POST answered and the server echoed the activity back), none still sending or failed.
    /// </summary>
    public async Task ExpectSentAsync(string text, int count)
    {
        var options = new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 };
        var fromUser = Page.Locator($"{Transcript} .webchat__stacked-layout--from-user").Filter(new LocatorFilterOptions { HasText = text });
        await Assertions.Expect(fromUser).ToHaveCountAsync(count, options);
        await Assertions.Expect(fromUser.Locator(".webchat__activity-status--self").Filter(new LocatorFilterOptions { HasText = SentAt }))
            .ToHaveCountAsync(count, options);
        await Assertions.Expect(fromUser.Locator(".webchat__activity-status--sending")).ToHaveCountAsync(0, options);
        var transcript = await Page.Locator(Transcript).InnerTextAsync();
        Assert.DoesNotContain(SendFailed, transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("Send failed", transcript, StringComparison.Ordinal);
        Step($"{count} user message(s) \"{text}\" shown as sent");
    }

    /// <summary>The conversation the page is connected to (chat.js exposes it; the participant cookie itself is HttpOnly).</summary>
    public Task<string> StoredConversationIdAsync() =>
        Page.EvaluateAsync<string>("() => (window.assistantChat && window.assistantChat.conversationId) || ''");

    public async Task ScreenshotAsync(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "RealClients-screenshots");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {file}");
    }

    /// <summary>Writes what the browser reported to the test output; fails on page errors and CSP violations.</summary>
    public void AssertBrowserReportedNoErrors()
    {
        var output = TestContext.Current.TestOutputHelper;
        foreach (var line in _consoleErrors.Concat(_log))
        {
            output?.WriteLine(line);
        }

        var csp = _consoleErrors.Concat(_log).Where(l => l.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(_pageErrors.IsEmpty, "Uncaught errors in the page:\n" + string.Join("\n", _pageErrors));
        Assert.True(csp.Count == 0, "Content-Security-Policy violations:\n" + string.Join("\n", csp));
    }
}
