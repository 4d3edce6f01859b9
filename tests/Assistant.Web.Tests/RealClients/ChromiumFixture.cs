using Microsoft.Playwright;

namespace Assistant.Web.Tests.RealClients;

/// <summary>
/// One headless Debian Chromium (driven by Microsoft.Playwright, no browser download) shared by the tests of a class;
/// every test opens its own browser context, so localStorage is never shared between tests. The browser is launched on
/// first use, after the test has checked that Chromium exists.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly SemaphoreSlim _lock = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async Task<IBrowser> BrowserAsync()
    {
        var chromium = RequiredTool.Chromium();
        await _lock.WaitAsync();
        try
        {
            if (_browser is { IsConnected: true })
            {
                return _browser;
            }

            _playwright ??= await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = chromium,
                Headless = true,
                Args = Flags,
                Timeout = 60_000,
            });
            return _browser;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _lock.Dispose();
    }
}
