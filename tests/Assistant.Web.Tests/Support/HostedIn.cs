using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Assistant.Web.Tests.Support;

/// <summary>
/// The app in another environment, in memory (TestServer), with in-memory storage and the repository's settings
/// otherwise: for what the server does, or refuses to do, at start-up.
/// </summary>
public sealed class HostedIn(string environment, Dictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    /// <summary>An exception's messages with those of every exception inside it, one per line.</summary>
    public static string Flatten(Exception error) =>
        error is AggregateException aggregate
            ? string.Join("\n", aggregate.Flatten().InnerExceptions.Select(Flatten))
            : error.Message + (error.InnerException is { } inner ? "\n" + Flatten(inner) : "");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Storage:Provider", "memory");
        builder.UseSetting("Content:Root", RepoPaths.Dialogs);
        builder.UseSetting("Content:Watch", "false");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
