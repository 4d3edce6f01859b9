using System.Diagnostics;
using Assistant.Web.Admin.Cli;
using Assistant.Web.Admin.Security;
using Assistant.Web.Storage.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Assistant.Web.Tests.Admin;

public sealed class StaffCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_server_binary_creates_the_first_admin_from_the_environment_password_and_refuses_without_one()
    {
        var database = AssistantServer.NewDatabasePath();

        var created = await RunServerAsync(database, "correct-horse-battery", "staff", "add", "Maria", "--role", "admin");
        var noPassword = await RunServerAsync(database, null, "staff", "add", "ivan", "--role", "reviewer");
        var duplicate = await RunServerAsync(database, "another-password-1", "staff", "add", "maria", "--role", "reviewer");
        var badRole = await RunServerAsync(database, "another-password-1", "staff", "add", "ivan", "--role", "root");
        var list = await RunServerAsync(database, null, "staff", "list");

        Assert.True(created.ExitCode == 0, created.Output);
        Assert.Contains("Created admin 'maria'", created.Output, StringComparison.Ordinal);
        Assert.Equal(1, noPassword.ExitCode);
        Assert.Contains("ASSISTANT_STAFF_PASSWORD", noPassword.Output, StringComparison.Ordinal);
        Assert.Contains("no default password", noPassword.Output, StringComparison.Ordinal);
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Equal(2, badRole.ExitCode);
        Assert.Contains("maria\tadmin", list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ivan", list.Output, StringComparison.Ordinal);

        var store = new SqliteStaffStore(new SqliteDatabase($"Data Source={database}"));
        var account = await store.FindAsync("maria", Ct);
        Assert.Equal(StaffRoles.Admin, account!.Role);
        Assert.True(new StaffPasswords().Verify(account.PasswordHash, "correct-horse-battery").Matches);
        Assert.Null(await store.FindAsync("ivan", Ct));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Password_unlock_and_remove_work_from_the_command_line_and_are_audited()
    {
        var database = AssistantServer.NewDatabasePath();
        Assert.Equal(0, (await RunServerAsync(database, "first-password-123", "staff", "add", "maria", "--role", "admin")).ExitCode);
        Assert.Equal(0, (await RunServerAsync(database, "first-password-123", "staff", "add", "ivan", "--role", "reviewer")).ExitCode);
        await using var sqlite = new SqliteDatabase($"Data Source={database}");
        var store = new SqliteStaffStore(sqlite);
        await store.TryBeginLoginAttemptAsync("ivan", "10.0.0.1", DateTimeOffset.UtcNow, [new(DateTimeOffset.UtcNow.AddHours(-1), 10)], Ct);

        Assert.Equal(0, (await RunServerAsync(database, "second-password-456", "staff", "password", "ivan")).ExitCode);
        Assert.Equal(0, (await RunServerAsync(database, null, "staff", "unlock", "ivan")).ExitCode);
        var lastAdmin = await RunServerAsync(database, null, "staff", "remove", "maria");
        Assert.Equal(0, (await RunServerAsync(database, null, "staff", "remove", "ivan")).ExitCode);

        Assert.Equal(1, lastAdmin.ExitCode);
        Assert.Contains("last admin", lastAdmin.Output, StringComparison.Ordinal);
        Assert.Null(await store.FindAsync("ivan", Ct));
        var audit = await new SqliteAuditLogStore(sqlite).ListAsync(0, 20, Ct);
        Assert.Equal(["staff.delete", "staff.unlock", "staff.password", "staff.create", "staff.create"], audit.Select(e => e.Action));
        Assert.All(audit, e => Assert.Equal("cli", e.Actor));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task On_a_terminal_the_password_is_asked_twice_and_a_weak_or_mismatched_one_is_refused()
    {
        var database = AssistantServer.NewDatabasePath();
        var answers = new Queue<string>(["short", "long-enough-secret-1", "long-enough-secret-2", "long-enough-secret-1", "long-enough-secret-1"]);
        var prompts = new List<string>();
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var io = new StaffCommandIo(output, errors, _ => null, prompt =>
        {
            prompts.Add(prompt);
            return answers.Dequeue();
        });

        var exit = await StaffCommand.RunAsync(["staff", "add", "petya", "--role", "reviewer"], io,
            config => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "sqlite",
                ["ConnectionStrings:Sqlite"] = $"Data Source={database}",
            }));

        Assert.True(exit == 0, errors.ToString());
        Assert.Equal(5, prompts.Count);
        Assert.Contains("at least 12 characters", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("The two passwords differ.", errors.ToString(), StringComparison.Ordinal);
        var account = await new SqliteStaffStore(new SqliteDatabase($"Data Source={database}")).FindAsync("petya", Ct);
        Assert.True(new StaffPasswords().Verify(account!.PasswordHash, "long-enough-secret-1").Matches);

        using var usage = new StringWriter();
        Assert.Equal(2, await StaffCommand.RunAsync(["staff", "add", "petya"], new StaffCommandIo(usage, usage, _ => null, null), null));
        Assert.Contains("staff add <name> --role admin|reviewer", usage.ToString(), StringComparison.Ordinal);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <summary>Runs the built server with the given arguments, as <c>dotnet run --project src/Assistant.Web -- …</c> does.</summary>
    private static async Task<(int ExitCode, string Output)> RunServerAsync(string database, string? password, params string[] args)
    {
        var dll = Path.Combine(RepoPaths.Root, "src", "Assistant.Web", "bin",
            AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug", "net10.0", "Assistant.Web.dll");
        var info = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            WorkingDirectory = Path.GetDirectoryName(database)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.Environment["ConnectionStrings__Sqlite"] = $"Data Source={database}";
        info.Environment["Storage__Provider"] = "sqlite";
        info.Environment.Remove(StaffCommand.PasswordVariable);
        if (password is not null)
        {
            info.Environment[StaffCommand.PasswordVariable] = password;
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(60), Ct);
        return (process.ExitCode, await stdout + await stderr);
    }
}
