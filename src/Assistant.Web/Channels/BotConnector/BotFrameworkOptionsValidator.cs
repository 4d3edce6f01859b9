using Microsoft.Extensions.Options;

namespace Assistant.Web.Channels.BotConnector;

/// <summary>Refuses to start with authentication off in Production, and with settings that cannot work.</summary>
public sealed class BotFrameworkOptionsValidator(IHostEnvironment environment) : IValidateOptions<BotFrameworkOptions>
{
    public ValidateOptionsResult Validate(string? name, BotFrameworkOptions options)
    {
        var section = BotFrameworkOptions.SectionName;
        var failures = new List<string>();
        if (!options.AuthenticationEnabled && environment.IsProduction())
        {
            failures.Add($"{section}:AppId is empty, so /api/messages would accept activities from anyone without authentication; " +
                "that is allowed only in Development (for the Bot Framework Emulator). Set the Azure Bot's Microsoft App ID and " +
                $"client secret as {section}:AppId and {section}:AppPassword (e.g. the environment variables {section}__AppId and " +
                $"{section}__AppPassword) before running in Production.");
        }

        if (options.AuthenticationEnabled && string.IsNullOrWhiteSpace(options.AppPassword))
        {
            failures.Add($"{section}:AppPassword is empty while {section}:AppId is set; replies to the Bot Connector need the app's client secret.");
        }

        if (!BotFrameworkOptions.IsSecureOrLoopback(options.OpenIdMetadataUrl))
        {
            failures.Add($"{section}:OpenIdMetadataUrl '{options.OpenIdMetadataUrl}' is not an absolute HTTPS address.");
        }

        if (!string.IsNullOrWhiteSpace(options.TokenEndpoint) && !BotFrameworkOptions.IsSecureOrLoopback(options.TokenEndpoint))
        {
            failures.Add($"{section}:TokenEndpoint '{options.TokenEndpoint}' is not an absolute HTTPS address.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
