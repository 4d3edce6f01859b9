using Assistant.Core.Activities;
using Assistant.Core.Conversation;
using Assistant.Core.Language;

namespace Assistant.Core.Dialogs;

/// <summary>The greeting and the menu of things the assistant offers, as suggested-action buttons.</summary>
public static class MainMenu
{
    public static readonly string[] ItemKeys = ["menu.ask", "menu.team", "menu.surveys", "menu.mydata", "menu.help", "menu.language"];

    public static void Greet(TurnContext turn)
    {
        turn.Conversation.Greeted = true;
        turn.Reply(turn.T("greeting"));
        Show(turn);
    }

    public static void Show(TurnContext turn) => turn.Reply(turn.T("menu.prompt"), Items(turn));

    /// <summary>The menu's buttons, in the turn's language.</summary>
    public static IEnumerable<CardAction> Items(TurnContext turn) => ItemKeys.Select(k => CardAction.ImBack(turn.T(k), turn.T(k)));

    /// <summary>The menu item the text names, in either language; null when it names none.</summary>
    public static string? Recognize(TurnContext turn)
    {
        var folded = TextNormalizer.Fold(turn.Text);
        if (folded.Length == 0)
        {
            return null;
        }

        return ItemKeys.FirstOrDefault(key => turn.Texts.Both(key) is var both
            && (TextNormalizer.Fold(both.Bg) == folded || TextNormalizer.Fold(both.En) == folded));
    }
}
