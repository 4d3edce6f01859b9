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

        var appType = options.EffectiveAppType;
        if (appType is not (BotFrameworkOptions.MultiTenant or BotFrameworkOptions.SingleTenant or BotFrameworkOptions.UserAssignedMsi))
        {
            failures.Add($"{section}:AppType '{options.AppType}' is unknown; use {BotFrameworkOptions.MultiTenant}, " +
                $"{BotFrameworkOptions.SingleTenant} or {BotFrameworkOptions.UserAssignedMsi} (as the Azure Bot's configuration shows it).");
        }

        if (enabled && options.AuthenticationEnabled && !options.UsesManagedIdentity)
        {
            if (string.IsNullOrWhiteSpace(options.AppPassword) && !options.UsesCertificate)
            {
                failures.Add($"{section}:AppPassword is empty while {section}:AppId is set; replies to the Bot Connector need the app's " +
                    $"client secret, or a certificate ({section}:CertificatePath), or {section}:AppType={BotFrameworkOptions.UserAssignedMsi} " +
                    "with the managed identity's client id as the AppId.");
            }

            if (appType == BotFrameworkOptions.SingleTenant && string.IsNullOrWhiteSpace(options.TenantId) && string.IsNullOrWhiteSpace(options.TokenEndpoint))
            {
                failures.Add($"{section}:AppType is {BotFrameworkOptions.SingleTenant} but {section}:TenantId is empty; set the app's Entra tenant id.");
            }
        }

        if (options.UsesCertificate)
        {
            foreach (var (key, path) in new[] { ("CertificatePath", options.CertificatePath), ("CertificateKeyPath", options.CertificateKeyPath) })
            {
                if (!string.IsNullOrWhiteSpace(path) && !File.Exists(path))
                {
                    failures.Add($"{section}:{key} '{path}' does not exist or cannot be read.");
                }
            }
        }

        if (!BotFrameworkOptions.IsSecureOrLoopback(options.OpenIdMetadataUrl))
        {
            failures.Add($"{section}:OpenIdMetadataUrl '{options.OpenIdMetadataUrl}' is not an absolute HTTPS address.");
        }

        // The authority is HTTPS everywhere, also in tests: the token library refuses anything else.
        if (!string.IsNullOrWhiteSpace(options.TokenEndpoint) && !IsHttps(options.TokenEndpoint))
        {
            failures.Add($"{section}:TokenEndpoint '{options.TokenEndpoint}' is not an absolute HTTPS address.");
        }

        if (!string.IsNullOrWhiteSpace(options.Instance) && !IsHttps(options.Instance))
        {
            failures.Add($"{section}:Instance '{options.Instance}' is not an absolute HTTPS address (e.g. {BotFrameworkOptions.PublicInstance}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttps(string url) => Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;
}
