using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Assistant.Web.Channels.Telegram;

/// <summary>
/// The webhook (webhook mode only): Telegram POSTs each update here with the secret token in a header. The secret is
/// checked in constant time before the body is read; the update is claimed and queued, and Telegram gets its 200 at once.
/// </summary>
public static class TelegramEndpoints
{
    public const string WebhookPath = "/api/telegram/webhook";
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";
    public const int MaxUpdateBytes = 1024 * 1024;

    /// <summary>Maps the webhook when the channel is on in webhook mode (Program.cs calls it as <c>app.MapTelegramEndpoints()</c>).</summary>
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<TelegramOptions>>().Value;
        if (options.Enabled && options.IsWebhook)
        {
            app.MapPost(WebhookPath, ReceiveAsync).WithMetadata(new RequestSizeLimitAttribute(MaxUpdateBytes));
        }

        return app;
    }

    /// <summary>Compares hashes, so neither the content nor the length of the secret leaks through timing.</summary>
    public static bool SecretMatches(string? provided, string expected) =>
        !string.IsNullOrEmpty(provided) && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(provided)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static async Task<IResult> ReceiveAsync(HttpRequest request, IOptions<TelegramOptions> options, TelegramUpdateRouter router,
        CancellationToken cancellationToken)
    {
        if (!SecretMatches(request.Headers[SecretHeader], options.Value.SecretToken))
        {
            return Results.Unauthorized();
        }

        Update? update;
        try
        {
            update = await JsonSerializer.DeserializeAsync<Update>(request.Body, JsonBotAPI.Options, cancellationToken);
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }

        if (update is null)
        {
            return Results.BadRequest();
        }

        // A claim that fails (storage down) answers 500, and Telegram delivers the update again later.
        await router.AcceptAsync(update, cancellationToken);
        return Results.Ok();
    }
}
