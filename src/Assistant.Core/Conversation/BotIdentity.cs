
namespace Assistant.Core.Conversation;

/// <summary>The id the assistant sends from; its display name comes from the texts (<c>bot.name</c>) per language.</summary>
public sealed record BotIdentity(string Id)
{
    public static readonly BotIdentity Default = new("assistant");
}
