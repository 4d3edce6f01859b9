using System.Text;
using Assistant.Web.Tests.RealClients;
using Microsoft.Playwright;

using static Assistant.Web.Tests.Admin.AdminData;

namespace Assistant.Web.Tests.Admin;

/// <summary>
/// The desk in a real browser (headless Debian Chromium through Playwright, against the server on a real socket): sign in,
/// open a survey's results, see the charts drawn, download the CSV. Without Chromium: a loud skip, or a failure with CI=true.
/// </summary>
public sealed class AdminBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_staff_member_signs_in_sees_the_results_chart_and_downloads_the_CSV()
    {
        var browser = await chromium.BrowserAsync();
        await using var host = await AdminHost.StartAsync(kestrel: true);
        var store = host.Get<ISurveyResponseStore>();
        for (var i = 0; i < 15; i++)
        {
            await RespondAsync(store, DateTimeOffset.UtcNow.AddHours(-2).AddMinutes(i), i % 3 == 0 ? "telegram" : "directline", participant: Key("b" + i), answers:
            [
                ("e-services-use", Option(i < 8 ? "often" : "sometimes")),
                ("satisfaction", Number(i < 10 ? 4 : 5)),
                ("recommend", Number(i < 9 ? 10 : 6)),
                ("idea", Text(i == 0 ? "Повече зелени площи в Люлин <script>alert(1)</script>" : "Идея " + i)),
            ]);
        }

        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "bg-BG",
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Add($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add("page error: " + error);
        page.Dialog += (_, dialog) => problems.Add("dialog opened: " + dialog.Message);

        try
        {
            await page.GotoAsync(new Uri(host.BaseAddress, "/admin").ToString());
            Assert.Contains("/admin/login", page.Url, StringComparison.Ordinal);
            await page.FillAsync("input[name=name]", AdminHost.ReviewerName);
            await page.FillAsync("input[name=password]", AdminHost.ReviewerPassword);
            await page.ClickAsync("button[type=submit]");
            // Wait for the dashboard's heading, never for a load state: on a busy machine the load event can
            // come after any timeout, and WaitForURL waits for it once the address already matches.
            await page.Locator("h1", new PageLocatorOptions { HasText = "Обобщение" })
                .WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
            Assert.EndsWith("/admin", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
            await ShotAsync(page, "admin-dashboard", fullPage: false);

            await page.ClickAsync($"a[href='/admin/surveys/{Survey}']");
            await page.WaitForSelectorAsync("svg.chart rect.bar", new PageWaitForSelectorOptions { Timeout = 20_000 });
            Assert.Equal("Електронно управление и гражданско участие в София", await page.InnerTextAsync("h1"));
            await ShotAsync(page, "admin-results-top", fullPage: false);
            var bar = await page.QuerySelectorAsync("#q-e-services-use svg.chart rect.bar");
            var box = await bar!.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Width > 20 && box.Height > 5, $"the bar is {box.Width}×{box.Height}");
            Assert.True(await page.Locator("svg.chart rect.bar").CountAsync() >= 3);
            // The stylesheet loaded under the CSP: the bar has its colour.
            var fill = await bar.EvaluateAsync<string>("element => getComputedStyle(element).fill");
            Assert.Equal("rgb(59, 125, 216)", fill);
            Assert.Contains("<script>alert(1)</script>", await page.InnerTextAsync("#q-idea"), StringComparison.Ordinal);

            var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a.button[href*='format=csv']:not([href*='sep='])"));
            var file = Path.Combine(Path.GetTempPath(), "admin-export-" + Guid.NewGuid().ToString("N") + ".csv");
            await download.SaveAsAsync(file);
            var bytes = await File.ReadAllBytesAsync(file, Ct);
            File.Delete(file);
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
            var rows = Csv.Parse(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
            Assert.Equal(16, rows.Count);
            Assert.Equal("response_id", rows[0][0]);
            Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
            Assert.Contains(rows, r => r.Contains("Повече зелени площи в Люлин <script>alert(1)</script>"));
        }
        finally
        {
            await ShotAsync(page, "admin-results", fullPage: true);
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static async Task ShotAsync(IPage page, string name, bool fullPage)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "RealClients-screenshots");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = fullPage });
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {file}");
    }
}
