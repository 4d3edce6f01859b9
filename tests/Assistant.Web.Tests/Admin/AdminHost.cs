using Assistant.Web.Admin.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Assistant.Web.Tests.Admin;

/// <summary>
/// The whole server for the desk's tests: a real SQLite file by default (or the memory provider), in-process (TestServer)
/// or on a real socket for the browser, with settings and service replacements per test.
/// </summary>
public sealed class AdminHost : WebApplicationFactory<Program>
{
    public const string AdminName = "ada";
    public const string AdminPassword = "admin-password-0001";
    public const string ReviewerName = "rita";
    public const string ReviewerPassword = "reviewer-password-0001";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    private AdminHost(Dictionary<string, string?>? settings, Action<IServiceCollection>? services, string provider)
    {
        DatabasePath = AssistantServer.NewDatabasePath();
        _services = services;
        _settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["Storage:SqliteSynchronous"] = "NORMAL",
            ["ConnectionStrings:Sqlite"] = $"Data Source={DatabasePath}",
            ["Content:Root"] = RepoPaths.Dialogs,
            ["Content:Watch"] = "false",
            ["DirectLine:Secret"] = AssistantServer.Secret,
            ["Admin:LoginPerMinute"] = "1000",
            ["Admin:ApiPerMinute"] = "1000",
            ["Telegram:Token"] = "",
        };
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }
    }

    public string DatabasePath { get; }

    public Uri BaseAddress { get; private set; } = new("http://localhost/");

    /// <summary>An in-process server with an admin (<see cref="AdminName"/>) and a reviewer (<see cref="ReviewerName"/>).</summary>
    public static async Task<AdminHost> StartAsync(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null,
        string provider = "sqlite", bool kestrel = false)
    {
        var host = new AdminHost(settings, services, provider);
        if (kestrel)
        {
            host.UseKestrel(0);
            host.StartServer();
            var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            host.BaseAddress = new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal)
                .Replace("0.0.0.0", "localhost", StringComparison.Ordinal).Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
        }
        else
        {
            host.StartServer();
        }

        await host.AddStaffAsync(AdminName, StaffRoles.Admin, AdminPassword);
        await host.AddStaffAsync(ReviewerName, StaffRoles.Reviewer, ReviewerPassword);
        return host;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task AddStaffAsync(string name, string role, string password)
    {
        var change = await Get<StaffAccounts>().CreateAsync(name, role, password, "test", TestContext.Current.CancellationToken);
        Assert.True(change.Succeeded, change.Error);
    }

    /// <summary>A client that keeps cookies (including Secure ones over plain HTTP) and does not follow redirects.</summary>
    public AdminClient NewClient()
    {
        var jar = new CookieJar();
        return new AdminClient(CreateDefaultClient(BaseAddress, jar), jar);
    }

    public async Task<AdminClient> SignedInAsync(string name = AdminName, string? password = null)
    {
        var client = NewClient();
        var response = await client.SignInAsync(name, password ?? (name == AdminName ? AdminPassword : ReviewerPassword));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Development");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}

/// <summary>Cookies by name, sent back on every request whatever their Secure flag (the tests talk plain HTTP).</summary>
public sealed class CookieJar : DelegatingHandler
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    /// <summary>The raw Set-Cookie headers seen, for attribute checks.</summary>
    public List<string> SetCookies { get; } = [];

    public void Forget(string name) => _cookies.Remove(name);

    public void Set(string name, string value) => _cookies[name] = value;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_cookies.Count > 0 && !request.Headers.Contains("Cookie"))
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            foreach (var header in values)
            {
                SetCookies.Add(header);
                var pair = header.Split(';', 2)[0];
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var name = pair[..equals].Trim();
                var value = pair[(equals + 1)..].Trim();
                var expired = header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase) || value.Length == 0;
                if (expired)
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = value;
                }
            }
        }

        return response;
    }
}
