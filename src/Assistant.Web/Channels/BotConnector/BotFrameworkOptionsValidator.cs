using Microsoft.Extensions.Options;

namespace Assistant.Web.Channels.BotConnector;

/// <summary>Refuses to start with the endpoint on and authentication off outside Development, and with settings that cannot work.</summary>
public sealed class BotFrameworkOptionsValidator(IHostEnvironment environment) : IValidateOptions<BotFrameworkOptions>
{
    public ValidateOptionsResult Validate(string? name, BotFrameworkOptions options)
    {
        var section = BotFrameworkOptions.SectionName;
        var failures = new List<string>();
        var enabled = options.IsEnabled(environment);
        if (enabled && !options.AuthenticationEnabled && !environment.IsDevelopment())
        {
            failures.Add($"{section}:AppId is empty while {section}:Enabled is true, so /api/messages would accept activities from " +
                "anyone without authentication; that is allowed only in Development (for the Bot Framework Emulator). Set the Azure " +
                $"Bot's Microsoft App ID and client secret as {section}:AppId and {section}:AppPassword (e.g. the environment " +
                $"variables {section}__AppId and {section}__AppPassword), or leave the Bot Connector off ({section}__Enabled=false) " +
                "for a deployment with web chat and Telegram only.");
        }

        if (enabled && options.AuthenticationEnabled && string.IsNullOrWhiteSpace(options.AppPassword))
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
