using Assistant.Web.Channels.BotConnector;
using Assistant.Web.Channels.DirectLine;

namespace Assistant.Web.Hosting;

/// <summary>
/// Checks run on the configuration before the host is built, so a refusal is the first and only error of the start, in
/// every way the program is started (a process, a test host):
/// <list type="bullet">
/// <item>outside Development, the Direct Line secret and the participant key secret must not be the development
/// placeholders and must hold at least 32 bytes of randomness (<see cref="SecretStrength"/>);</item>
/// <item>the Bot Framework settings (<see cref="BotFrameworkOptionsValidator"/>): in Production, say, the Bot Connector
/// endpoint needs an App ID, or <c>BotFramework:Enabled=false</c>.</item>
/// </list>
/// </summary>
public static class StartupGuard
{
    public static void Check(IHostEnvironment environment, IConfiguration configuration)
    {
        var failures = new List<string>();
        if (!environment.IsDevelopment())
        {
            CheckSecret(configuration, $"{DirectLineOptions.SectionName}:{nameof(DirectLineOptions.Secret)}",
                DirectLineOptions.PlaceholderSecret, "", environment, failures);
            CheckSecret(configuration, $"{ParticipantOptions.SectionName}:{nameof(ParticipantOptions.KeySecret)}",
                Assistant.Core.Conversation.ParticipantKeys.PlaceholderSecret,
                " Keep it stable: changing it unlinks participants from their earlier answers.", environment, failures);
        }

        var botFramework = configuration.GetSection(BotFrameworkOptions.SectionName).Get<BotFrameworkOptions>() ?? new BotFrameworkOptions();
        var result = new BotFrameworkOptionsValidator(environment).Validate(null, botFramework);
        if (result.Failed)
        {
            failures.AddRange(result.Failures);
        }

        if (failures.Count > 0)
        {
            throw new InvalidOperationException(
                $"The server refuses to start in the {environment.EnvironmentName} environment:\n- " + string.Join("\n- ", failures));
        }
    }

    private static void CheckSecret(IConfiguration configuration, string key, string placeholder, string note,
        IHostEnvironment environment, List<string> failures)
    {
        var value = configuration[key];
        var problem = string.IsNullOrWhiteSpace(value) ? "is not set, so the public development placeholder would be used"
            : value == placeholder ? "is the public development placeholder"
            : !SecretStrength.IsStrong(value)
                ? $"is too weak (about {Math.Floor(SecretStrength.EstimateBits(value))} bits of randomness; at least {SecretStrength.RequiredBits} bits, 32 random bytes, are needed)"
            : null;
        if (problem is not null)
        {
            failures.Add($"{key} {problem}; only Development accepts that, this is {environment.EnvironmentName}. " +
                $"Generate one with `{SecretStrength.GenerateHint}` and set it as the environment variable {key.Replace(":", "__", StringComparison.Ordinal)} " +
                $"(or in a secret store), never in appsettings.json.{note}");
        }
    }
}
