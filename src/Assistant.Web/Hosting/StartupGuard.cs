using Assistant.Web.Channels.DirectLine;

namespace Assistant.Web.Hosting;

/// <summary>Refuses to run in Production with development placeholders in place of secrets.</summary>
public static class ProductionGuard
{
    public static void Check(IHostEnvironment environment, IConfiguration configuration)
    {
        if (!environment.IsProduction())
        {
            return;
        }

        var secret = configuration[$"{DirectLineOptions.SectionName}:Secret"];
        if (string.IsNullOrWhiteSpace(secret) || secret == DirectLineOptions.PlaceholderSecret)
        {
            throw new InvalidOperationException(
                "DirectLine:Secret is the development placeholder. Set a long random secret (e.g. the environment variable DirectLine__Secret) before running in Production.");
        }

        var participantSecret = configuration[$"{ParticipantOptions.SectionName}:{nameof(ParticipantOptions.KeySecret)}"];
        if (string.IsNullOrWhiteSpace(participantSecret) || participantSecret == Assistant.Core.Conversation.ParticipantKeys.PlaceholderSecret)
        {
            throw new InvalidOperationException(
                "Participants:KeySecret is the development placeholder. Set a long random secret (e.g. the environment variable Participants__KeySecret) before running in Production; keep it stable, or participants lose the link to their earlier answers.");
        }
    }
}
