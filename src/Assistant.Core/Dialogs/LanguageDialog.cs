using Assistant.Core.Dialogs.Prompts;
using Assistant.Core.Language;

namespace Assistant.Core.Dialogs;

/// <summary>Asks which language to use and switches to it.</summary>
public sealed class LanguageDialog() : Dialog(DialogId)
{
    public const string DialogId = "language";

    public override Task<DialogResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken) =>
        dc.BeginDialogAsync(ChoicePrompt.DefaultId, new PromptOptions
        {
            Prompt = dc.Turn.Texts.Both("language.prompt"),
            Choices =
            [
                new PromptChoice(Lang.Bg, LocalizedText.Same("Български"), ["bulgarian", "bg", "български език"]),
                new PromptChoice(Lang.En, LocalizedText.Same("English"), ["английски", "en", "english language"]),
            ],
        }, cancellationToken);

    public override async Task<DialogResult> ResumeAsync(DialogContext dc, DialogResult childResult, CancellationToken cancellationToken)
    {
        if (childResult.Status == DialogStatus.Complete && childResult.As<string>() is { } lang)
        {
            // This dialog ends now; the switch re-asks whatever question was pending beneath it.
            dc.Turn.User.Language = lang;
            dc.Turn.Reply(dc.Turn.T("language.changed"));
        }

        if (dc.ActiveFrame is { } frame && frame.DialogId == Id && dc.Turn.Conversation.Stack.Count == 1)
        {
            MainMenu.Show(dc.Turn);
        }

        return DialogResult.Done;
    }

    /// <summary>Switches language at once and re-asks the pending question in the new language.</summary>
    /// <param name="greet">With nothing pending, greet again (the page's language switch) instead of a note and the menu.</param>
    public static async Task SwitchAsync(DialogContext dc, string lang, CancellationToken cancellationToken, bool greet = false)
    {
        dc.Turn.User.Language = lang;
        if (greet && dc.ActiveFrame is null)
        {
            MainMenu.Greet(dc.Turn);
            return;
        }

        dc.Turn.Reply(dc.Turn.T("language.changed"));
        if (dc.ActiveFrame is null)
        {
            MainMenu.Show(dc.Turn);
            return;
        }

        await dc.RepromptAsync(cancellationToken);
    }
}
