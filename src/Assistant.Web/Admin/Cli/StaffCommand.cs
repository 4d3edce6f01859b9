using System.Text;
using Assistant.Web.Admin.Security;
using Assistant.Web.Admin.Stores;
using Assistant.Web.Hosting;
using Assistant.Web.Storage;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Assistant.Web.Admin.Cli;

/// <summary>
/// The server's staff command, run instead of the web server when the first argument is <c>staff</c>:
/// <code>
/// dotnet run --project src/Assistant.Web -- staff add &lt;name&gt; --role admin|reviewer
/// dotnet run --project src/Assistant.Web -- staff password &lt;name&gt;
/// dotnet run --project src/Assistant.Web -- staff unlock &lt;name&gt;
/// dotnet run --project src/Assistant.Web -- staff remove &lt;name&gt;
/// dotnet run --project src/Assistant.Web -- staff list
/// </code>
/// The password comes from the environment variable <c>ASSISTANT_STAFF_PASSWORD</c> when it is set, otherwise it is read
/// from the terminal without echo (twice). There is no default password: without either, the command refuses.
/// It uses the server's configuration (appsettings.json, environment) and storage, and migrates the schema first.
/// </summary>
public static class StaffCommand
{
    public const string PasswordVariable = "ASSISTANT_STAFF_PASSWORD";

    public const string Usage = """
        Usage:
          staff add <name> --role admin|reviewer   create an account (password from ASSISTANT_STAFF_PASSWORD or the terminal)
          staff password <name>                    set a new password (ends the account's sessions, lifts a lockout)
          staff unlock <name>                      lift a lockout after failed sign-ins
          staff remove <name>                      delete an account
          staff list                               list accounts
        """;

    public static bool IsStaffCommand(string[] args) => args.Length > 0 && args[0] == "staff";

    /// <summary>Runs the command against the server's configured storage; returns the process exit code.</summary>
    public static Task<int> RunAsync(string[] args) => RunAsync(args, StaffCommandIo.Console(), configure: null);

    public static async Task<int> RunAsync(string[] args, StaffCommandIo io, Action<IConfigurationBuilder>? configure)
    {
        var command = args.Length > 1 ? args[1] : "";
        var name = args.Length > 2 && !args[2].StartsWith("--", StringComparison.Ordinal) ? args[2] : null;
        string? role = null;
        for (var i = 2; i < args.Length; i++)
        {
            if (args[i] == "--role" && i + 1 < args.Length)
            {
                role = args[++i];
            }
            else if (args[i].StartsWith("--role=", StringComparison.Ordinal))
            {
                role = args[i]["--role=".Length..];
            }
        }

        var valid = command switch
        {
            "add" => name is not null && role is not null,
            "password" or "unlock" or "remove" => name is not null,
            "list" => true,
            _ => false,
        };
        if (!valid)
        {
            io.Error.WriteLine(Usage);
            return 2;
        }

        if (command == "add" && !StaffRoles.IsValid(role))
        {
            io.Error.WriteLine($"The role must be 'admin' or 'reviewer', not '{role}'.");
            return 2;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = false });
        builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            Path = "appsettings.json",
            Optional = true,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        });
        configure?.Invoke(builder.Configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (string.Equals(builder.Configuration["Storage:Provider"], "memory", StringComparison.OrdinalIgnoreCase))
        {
            io.Error.WriteLine("Storage:Provider is 'memory': accounts would vanish when this command ends. Use sqlite or postgres.");
            return 1;
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddSingleton<StaffPasswords>();
        builder.Services.AddSingleton<StaffAccounts>();
        using var host = builder.Build();
        var cancellationToken = CancellationToken.None;
        await StorageMigrations.MigrateAsync(host.Services, cancellationToken);

        var accounts = host.Services.GetRequiredService<StaffAccounts>();
        const string actor = "cli";
        AccountChange change;
        switch (command)
        {
            case "list":
                foreach (var account in await host.Services.GetRequiredService<IStaffStore>().ListAsync(cancellationToken))
                {
                    io.Out.WriteLine($"{account.Name}\t{account.Role}\tcreated {account.CreatedAt:yyyy-MM-dd}\tlast sign-in {account.LastSignInAt?.ToString("yyyy-MM-dd HH:mm") ?? "never"}");
                }

                return 0;
            case "add":
                if (await accounts.FindAsync(name!, cancellationToken) is not null)
                {
                    io.Error.WriteLine($"An account '{StaffAccounts.Normalize(name)}' exists already; use 'staff password {StaffAccounts.Normalize(name)}' to change its password.");
                    return 1;
                }

                if (StaffAccounts.Normalize(name) is null)
                {
                    io.Error.WriteLine(AdminTexts.Get("en", "account.bad-name"));
                    return 1;
                }

                if (ReadPassword(io, StaffAccounts.Normalize(name)!) is not { } password)
                {
                    return 1;
                }

                change = await accounts.CreateAsync(name!, role!, password, actor, cancellationToken);
                break;
            case "password":
                if (await accounts.FindAsync(name!, cancellationToken) is null)
                {
                    io.Error.WriteLine($"No account '{name}'.");
                    return 1;
                }

                if (ReadPassword(io, StaffAccounts.Normalize(name)!) is not { } newPassword)
                {
                    return 1;
                }

                change = await accounts.SetPasswordAsync(name!, newPassword, actor, cancellationToken);
                break;
            case "unlock":
                change = await accounts.UnlockAsync(name!, actor, cancellationToken);
                break;
            default:
                change = await accounts.DeleteAsync(name!, actor, cancellationToken);
                break;
        }

        if (!change.Succeeded)
        {
            io.Error.WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, AdminTexts.Get("en", change.Error!), StaffPasswords.MinLength));
            return 1;
        }

        io.Out.WriteLine(command switch
        {
            "add" => $"Created {change.Account!.Role} '{change.Account.Name}'. Sign in at /admin.",
            "password" => $"Password of '{change.Account!.Name}' changed; its sessions have ended.",
            "unlock" => $"'{change.Account!.Name}' unlocked.",
            _ => $"'{change.Account!.Name}' removed.",
        });
        return 0;
    }

    private static string? ReadPassword(StaffCommandIo io, string name)
    {
        var fromEnvironment = io.GetEnvironment(PasswordVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            if (StaffPasswords.Problem(name, fromEnvironment) is { } problem)
            {
                io.Error.WriteLine($"{PasswordVariable}: " + string.Format(System.Globalization.CultureInfo.InvariantCulture, AdminTexts.Get("en", problem), StaffPasswords.MinLength));
                return null;
            }

            return fromEnvironment;
        }

        if (io.ReadSecret is null)
        {
            io.Error.WriteLine($"No password: set the environment variable {PasswordVariable} or run the command in a terminal. There is no default password.");
            return null;
        }

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var first = io.ReadSecret($"Password for '{name}' (at least {StaffPasswords.MinLength} characters): ");
            if (StaffPasswords.Problem(name, first) is { } problem)
            {
                io.Error.WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, AdminTexts.Get("en", problem), StaffPasswords.MinLength));
                continue;
            }

            if (io.ReadSecret("Again: ") == first)
            {
                return first;
            }

            io.Error.WriteLine("The two passwords differ.");
        }

        io.Error.WriteLine("No password set.");
        return null;
    }
}

/// <summary>Where the staff command reads and writes; the console, or stand-ins in tests.</summary>
/// <param name="ReadSecret">Reads a line without echo; null when there is no terminal to ask.</param>
public sealed record StaffCommandIo(TextWriter Out, TextWriter Error, Func<string, string?> GetEnvironment, Func<string, string?>? ReadSecret)
{
    public static StaffCommandIo Console() => new(System.Console.Out, System.Console.Error, Environment.GetEnvironmentVariable,
        System.Console.IsInputRedirected ? null : ReadWithoutEcho);

    private static string? ReadWithoutEcho(string prompt)
    {
        System.Console.Error.Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = System.Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                System.Console.Error.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
