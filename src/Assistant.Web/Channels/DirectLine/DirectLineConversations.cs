using System.Security.Cryptography;
using Assistant.Core.Conversation;
using Assistant.Core.Turns;

namespace Assistant.Web.Channels.DirectLine;

/// <summary>Creates conversations and greets the user in a new one.</summary>
public sealed class DirectLineConversations(IActivityLogStore log, TurnProcessor turns, StreamHub hub, TimeProvider clock)
{
    public static string NewConversationId() => Base62(18);

    /// <summary>User ids bound into a token carry the <c>dl_</c> prefix, as the hosted service marks them.</summary>
    public static string NewUserId() => UserIdPrefix + Base62(16);

    public const string UserIdPrefix = "dl_";

    /// <summary>Creates the conversation when it does not exist yet; returns true when it was created now.</summary>
    public async Task<bool> EnsureStartedAsync(string conversationId, string userId, string? locale, CancellationToken cancellationToken)
    {
        var created = await log.CreateConversationAsync(
            new DirectLineConversation(conversationId, userId, locale, clock.GetUtcNow()), cancellationToken);
        if (!created)
        {
            return false;
        }

        var join = new Activity
        {
            Type = ActivityTypes.ConversationUpdate,
            ChannelId = DirectLineTurnRunner.Channel,
            Conversation = new ConversationAccount { Id = conversationId },
            From = new ChannelAccount { Id = userId, Role = "user" },
            MembersAdded = [new ChannelAccount { Id = userId }],
            Locale = locale,
            Timestamp = clock.GetUtcNow(),
        };
        var welcome = await turns.ProcessAsync(new ConversationKey(DirectLineTurnRunner.Channel, conversationId), join, cancellationToken);
        if (welcome.Count > 0)
        {
            hub.Publish(conversationId, await log.AppendOutboundAsync(conversationId, welcome, cancellationToken));
        }

        return true;
    }

    private static string Base62(int length)
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        return RandomNumberGenerator.GetString(alphabet, length);
    }
}
