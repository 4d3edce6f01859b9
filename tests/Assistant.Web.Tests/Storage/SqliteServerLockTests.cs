namespace Assistant.Web.Tests.Storage;

/// <summary>One SQLite file, one server: a second server on the same file refuses to start and says which file.</summary>
public sealed class SqliteServerLockTests
{
    [Fact]
    public async Task A_second_server_on_the_same_file_refuses_to_start_naming_it()
    {
        await using var first = AssistantServer.Start();

        var error = Assert.ThrowsAny<Exception>(() => AssistantServer.Start(first.DatabasePath));

        var refusal = Unwrap(error);
        Assert.Contains(first.DatabasePath, refusal.Message, StringComparison.Ordinal);
        Assert.Contains("postgres", refusal.Message, StringComparison.Ordinal);
        // The first server still answers.
        var response = await first.NewClient().GetAsync("/health", TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task The_file_is_free_again_once_the_server_stops()
    {
        var path = AssistantServer.NewDatabasePath();
        await (AssistantServer.Start(path)).DisposeAsync();

        await using var again = AssistantServer.Start(path);

        Assert.True((await again.NewClient().GetAsync("/health", TestContext.Current.CancellationToken)).IsSuccessStatusCode);
    }

    private static Exception Unwrap(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is InvalidOperationException { Message: var m } && m.Contains("SQLite database", StringComparison.Ordinal))
            {
                return current;
            }
        }

        return e;
    }
}
