namespace Assistant.Core.Surveys;

public enum SurveyPhase
{
    /// <summary>An unfinished response exists: continue it or start over?</summary>
    ResumeOffer,

    /// <summary>The consent notice is shown; nothing is stored before "yes".</summary>
    Consent,

    Question,

    /// <summary>"Other" was picked: waiting for the text that specifies it.</summary>
    OtherText,

    /// <summary>The user asked to stop: waiting for the confirmation.</summary>
    ConfirmCancel,
}

/// <summary>
/// The survey dialog's frame state: where the participant is and what they answered so far. It is stored with the
/// conversation: a property renamed or removed here (or a phase renumbered) loses the place of everyone mid-survey.
/// </summary>
public sealed class SurveyState
{
    /// <summary>
    /// The key under which <see cref="Answers"/> keeps the "other" text of a multi-choice question until the question is
    /// saved. Kept among the answers rather than in a property of its own, as frames saved before have it.
    /// </summary>
    public static string OtherDraftKey(string questionId) => "__other:" + questionId;

    public string SurveyId { get; set; } = "";

    public string Hash { get; set; } = "";

    public Guid? ResponseId { get; set; }

    /// <summary>The campaign the response counts for (from the invitation that started the survey); null from the menu.</summary>
    public string? Campaign { get; set; }

    public Guid? ResumableResponseId { get; set; }

    public SurveyPhase Phase { get; set; }

    public string? QuestionId { get; set; }

    public int Attempts { get; set; }

    /// <summary>Multi-choice: the options toggled on so far for the current question.</summary>
    public List<string> Selected { get; set; } = [];

    /// <summary>Answers given so far (question id → value JSON), for branching and progress.</summary>
    public Dictionary<string, string> Answers { get; set; } = [];
}
