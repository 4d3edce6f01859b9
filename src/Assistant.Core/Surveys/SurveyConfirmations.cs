using Assistant.Core.Dialogs.Prompts;
using Assistant.Core.Language;

namespace Assistant.Core.Surveys;

/// <summary>
/// The survey's yes/no questions as the buttons show them, so that what is shown and what is recognised (by
/// <see cref="ConfirmPrompt.Recognize(string, ConfirmChoices)"/>) come from the same texts.
/// </summary>
public static class SurveyConfirmations
{
    /// <summary>An unfinished response exists: yes continues it, no starts over.</summary>
    public static ConfirmChoices Resume(TextCatalog texts) => new(texts.Both("survey.resume-yes"), texts.Both("survey.resume-restart"));

    public static ConfirmChoices Consent(TextCatalog texts) => new(texts.Both("survey.consent-accept"), texts.Both("survey.consent-decline"));

    /// <summary>"Are you sure you want to stop?": yes stops the survey, no goes on with it.</summary>
    public static ConfirmChoices Cancel(TextCatalog texts) => new(texts.Both("survey.cancel-button"), texts.Both("survey.continue-button"));

    /// <summary>A question of type yes-no.</summary>
    public static ConfirmChoices YesNoQuestion(TextCatalog texts) => new(texts.Both("survey.yes"), texts.Both("survey.no"));
}
