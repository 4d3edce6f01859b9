using Assistant.Core.Activities;
using Assistant.Core.Language;

namespace Assistant.Core.Dialogs.Commands;

/// <summary>"English" / "български" / "/lang en" switch at once; "/lang" or "език" asks which language.</summary>
public sealed class LanguageCommand : IGlobalCommand
{
    private static readonly string[] ToEnglish = ["lang en", "english", "in english", "english please", "на английски", "английски", "en"];
    private static readonly string[] ToBulgarian = ["lang bg", "български", "на български", "bulgarian", "in bulgarian", "bg"];
    private static readonly string[] Ask = ["lang", "language", "език", "смени езика", "change language"];

    /// <summary>
    /// The event a page sends when its own language switch is pressed (value "bg" or "en"): the same switch as the
    /// command, without a message in the transcript.
    /// </summary>
    public const string EventName = "assistant.language";

    /// <summary>The language a language event asks for; null when the activity is not one.</summary>
    public static string? FromEvent(Activity activity) =>
        activity.Type == ActivityTypes.Event && activity.Name == EventName
            && activity.Value is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<string>(out var lang)
            && (lang == Lang.Bg || lang == Lang.En)
            ? lang
            : null;

    public bool Matches(string foldedText) =>
        CommandWords.Any(foldedText, ToEnglish) || CommandWords.Any(foldedText, ToBulgarian) || CommandWords.Any(foldedText, Ask);

    public async Task ExecuteAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var folded = CommandWords.Fold(dc.Turn.Text);
        var target = CommandWords.Any(folded, ToEnglish) ? Lang.En : CommandWords.Any(folded, ToBulgarian) ? Lang.Bg : null;
        if (target is null)
        {
            await dc.BeginDialogAsync(LanguageDialog.DialogId, null, cancellationToken);
            return;
        }

        // "English" pressed as the answer to the language question itself: that question is answered now.
        dc.RemoveFrom(LanguageDialog.DialogId);
        await LanguageDialog.SwitchAsync(dc, target, cancellationToken);
    }
}
