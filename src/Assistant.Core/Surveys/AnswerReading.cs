namespace Assistant.Core.Surveys;

/// <summary>What a message means while a survey question waits for its answer.</summary>
public enum AnswerOutcome
{
    /// <summary>A complete answer: <see cref="AnswerReading.Value"/> is to be saved.</summary>
    Answer,

    /// <summary>A multi-choice option was switched on or off; the question stays open.</summary>
    Toggled,

    /// <summary>"Other" was picked: the text that specifies it comes next.</summary>
    Other,

    /// <summary>"Skip": saved as skipped unless the question is required.</summary>
    Skip,

    /// <summary>"Pause": the survey stops here, to be continued later.</summary>
    Pause,

    /// <summary>The stop-the-survey button: asks for confirmation first.</summary>
    Cancel,

    /// <summary>No answer to this question: <see cref="AnswerReading.Hint"/> says what is expected.</summary>
    Invalid,
}

public sealed record AnswerReading(AnswerOutcome Outcome, SurveyAnswerValue? Value = null, string? Hint = null)
{
    public static AnswerReading Of(AnswerOutcome outcome) => new(outcome);

    public static AnswerReading Answered(SurveyAnswerValue value) => new(AnswerOutcome.Answer, value);

    public static AnswerReading Invalid(string hint) => new(AnswerOutcome.Invalid, Hint: hint);
}
