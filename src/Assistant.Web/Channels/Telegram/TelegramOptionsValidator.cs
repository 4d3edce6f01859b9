using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Assistant.Web.Channels.Telegram;

/// <summary>Checks the Telegram section at start-up, with messages that say which key to fix.</summary>
public sealed partial class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (!TokenPattern().IsMatch(options.Token.Trim()))
        {
            errors.Add("Telegram:Token does not look like a bot token from @BotFather (<digits>:<secret>).");
        }

        var mode = options.Mode?.Trim() ?? "";
        if (!mode.Equals(TelegramOptions.PollingMode, StringComparison.OrdinalIgnoreCase)
            && !mode.Equals(TelegramOptions.WebhookMode, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"Telegram:Mode '{options.Mode}' is unknown; use '{TelegramOptions.PollingMode}' or '{TelegramOptions.WebhookMode}'.");
        }

        if (options.IsWebhook)
        {
            if (!Uri.TryCreate(options.WebhookUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                errors.Add("Telegram:WebhookUrl must be the public https:// address of /api/telegram/webhook in webhook mode.");
            }

            if (!SecretPattern().IsMatch(options.SecretToken ?? ""))
            {
                errors.Add("Telegram:SecretToken is required in webhook mode: 1-256 characters of A-Z, a-z, 0-9, _ and -.");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.ApiBaseUrl) && !Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out _))
        {
            errors.Add("Telegram:ApiBaseUrl must be an absolute URL (e.g. http://localhost:8081) or empty.");
        }

        if (options.PollingTimeoutSeconds is < 0 or > 50)
        {
            errors.Add("Telegram:PollingTimeoutSeconds must be between 0 and 50.");
        }

        if (options.MaxConnections is < 1 or > 100)
        {
            errors.Add("Telegram:MaxConnections must be between 1 and 100.");
        }

        if (options.GlobalMessagesPerSecond <= 0 || options.ChatMessagesPerSecond <= 0 || options.ChatBurst < 1)
        {
            errors.Add("Telegram:GlobalMessagesPerSecond and Telegram:ChatMessagesPerSecond must be above 0 and Telegram:ChatBurst at least 1.");
        }

        if (options.ClaimLeaseSeconds < 1)
        {
            errors.Add("Telegram:ClaimLeaseSeconds must be at least 1.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[0-9]+:[A-Za-z0-9_-]+$")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretPattern();
}
