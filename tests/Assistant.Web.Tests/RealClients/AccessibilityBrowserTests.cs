using System.Text.Json;
using Microsoft.Playwright;

namespace Assistant.Web.Tests.RealClients;

/// <summary>
/// axe-core (tests/clients/axe, installed with <c>npm ci</c>) run in headless Chromium over the real page: no serious or
/// critical WCAG 2.x A/AA violation on the landing page, in the middle of a survey, after <c>/mydata</c>, in English and
/// on the privacy notice; and the chat can be used with the keyboard alone.
/// </summary>
public sealed class AccessibilityBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly string AxeScript = Path.Combine(RepoPaths.Root, "tests", "clients", "axe", "node_modules", "axe-core", "axe.min.js");

    [Fact]
    public async Task The_landing_page_the_middle_of_a_survey_and_mydata_have_no_serious_or_critical_violations()
    {
        var axe = RequireAxe();
        var browser = await chromium.BrowserAsync();
        await using var server = AssistantServer.Start();
        await using var context = await NewContextAsync(browser);

        var chat = await ChatPage.OpenAsync(context, server.BaseAddress);
        await chat.ExpectBubblesAsync("Здравейте!", 1);
        await AssertNoSeriousViolationsAsync(chat, axe, "landing");

        await chat.SendAsync("/survey e-government-participation");
        await chat.ClickActionAsync("Съгласен/на съм");
        await chat.ClickActionAsync("Поне веднъж месечно");
        await chat.ExpectBubblesAsync("Доколко сте доволни", 1);
        await AssertNoSeriousViolationsAsync(chat, axe, "mid-survey");

        await chat.SendAsync("/mydata");
        await Assertions.Expect(chat.Bubbles("Какво пазим за Вас").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await AssertNoSeriousViolationsAsync(chat, axe, "mydata");

        await chat.Page.Locator(".lang-switch button[data-lang=en]").ClickAsync();
        await chat.ExpectBubblesAsync("All right, we continue in English", 1);
        await Assertions.Expect(chat.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await AssertNoSeriousViolationsAsync(chat, axe, "english");
        chat.AssertBrowserReportedNoErrors();
    }

    [Fact]
    public async Task The_check_itself_finds_a_violation_where_there_is_one()
    {
        var axe = RequireAxe();
        var browser = await chromium.BrowserAsync();
        await using var context = await NewContextAsync(browser);
        var page = await context.NewPageAsync();
        await page.SetContentAsync("<!DOCTYPE html><html><head><title>t</title></head><body><main><img src=\"data:,\"></main></body></html>");

        var violations = await RunAxeAsync(page, axe);

        Assert.Contains(violations, v => v.Contains("image-alt", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("bg")]
    [InlineData("en")]
    public async Task The_privacy_notice_has_no_serious_or_critical_violations(string lang)
    {
        var axe = RequireAxe();
        var browser = await chromium.BrowserAsync();
        await using var server = AssistantServer.Start();
        await using var context = await NewContextAsync(browser);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, "/privacy?lang=" + lang).ToString());

        var violations = await RunAxeAsync(page, axe);

        Assert.True(violations.Count == 0, "privacy " + lang + ":\n" + string.Join("\n", violations));
    }

    [Fact]
    public async Task The_chat_can_be_used_with_the_keyboard_alone()
    {
        var browser = await chromium.BrowserAsync();
        await using var server = AssistantServer.Start();
        await using var context = await NewContextAsync(browser);
        var chat = await ChatPage.OpenAsync(context, server.BaseAddress);
        await chat.ExpectBubblesAsync("Здравейте!", 1);

        // Tab order: the language buttons first, then the chat; the send box is reached without a mouse.
        await chat.Page.Keyboard.PressAsync("Tab");
        Assert.Equal("bg", await chat.Page.EvaluateAsync<string>("() => document.activeElement.getAttribute('data-lang')"));
        await chat.Page.Keyboard.PressAsync("Tab");
        Assert.Equal("en", await chat.Page.EvaluateAsync<string>("() => document.activeElement.getAttribute('data-lang')"));
        var reached = false;
        for (var i = 0; i < 30 && !reached; i++)
        {
            await chat.Page.Keyboard.PressAsync("Tab");
            reached = await chat.Page.EvaluateAsync<bool>($"() => document.activeElement.matches('{ChatPage.SendBox}')");
        }

        Assert.True(reached, "Tab never reached the send box");
        await chat.Page.Keyboard.TypeAsync("помощ");
        await chat.Page.Keyboard.PressAsync("Enter");
        await chat.ExpectBubblesAsync("Ето как да разговаряте с мен", 1);

        // The suggested actions are reached with Shift+Tab from the send box and pressed with Enter.
        var onAction = false;
        for (var i = 0; i < 10 && !onAction; i++)
        {
            await chat.Page.Keyboard.PressAsync("Shift+Tab");
            onAction = await chat.Page.EvaluateAsync<bool>("() => !!document.activeElement.closest('.webchat__suggested-actions')");
        }

        Assert.True(onAction, "Shift+Tab from the send box never reached the suggested actions");
        var title = (await chat.Page.EvaluateAsync<string>("() => document.activeElement.innerText")).Trim();
        await chat.Page.Keyboard.PressAsync("Enter");
        await chat.ExpectBubblesAsync(title, 1, fromUser: true);
        chat.AssertBrowserReportedNoErrors();
    }

    private static string RequireAxe()
    {
        RequiredTool.Require(File.Exists(AxeScript), $"axe-core is not installed at {AxeScript} (cd tests/clients/axe && npm ci)");
        return File.ReadAllText(AxeScript);
    }

    private static async Task AssertNoSeriousViolationsAsync(ChatPage chat, string axe, string where)
    {
        var violations = await RunAxeAsync(chat.Page, axe);
        chat.Step($"axe on {where}: {violations.Count} serious or critical violation(s)");
        Assert.True(violations.Count == 0, where + ":\n" + string.Join("\n", violations));
    }

    /// <summary>Runs axe-core's WCAG 2.0/2.1/2.2 A and AA rules; returns the serious and critical violations, described.</summary>
    private static async Task<IReadOnlyList<string>> RunAxeAsync(IPage page, string axe)
    {
        // Evaluated through the DevTools protocol, so the page's Content-Security-Policy does not need to allow it.
        await page.EvaluateAsync(axe + "\n;undefined");
        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
              return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\s+/g, ' ')) }));
            }
            """);
        var all = result.EnumerateArray().ToList();
        foreach (var v in all)
        {
            TestContext.Current.TestOutputHelper?.WriteLine($"axe {v.GetProperty("impact")}: {v.GetProperty("id")} – {v.GetProperty("help")}");
        }

        return all.Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => $"{v.GetProperty("impact")}: {v.GetProperty("id")} – {v.GetProperty("help")}\n  "
                + string.Join("\n  ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString())))
            .ToList();
    }

    private static Task<IBrowserContext> NewContextAsync(IBrowser browser) =>
        browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "bg-BG",
            ViewportSize = new ViewportSize { Width = 900, Height = 1000 },
        });
}
