namespace Assistant.Core.TeamQuestions;

/// <summary>What the citizen is told when they ask the team: when to expect a reply and how long the question is kept.</summary>
public sealed class TeamQuestionOptions
{
    public const string SectionName = "TeamQuestions";

    /// <summary>"Usually within N working days": the honest expectation the citizen is given.</summary>
    public int ReplyWorkingDays { get; set; } = 3;

    /// <summary>Days a question, its reply and any e-mail are kept after their last change (the host sets it from retention).</summary>
    public int KeepDays { get; set; } = 180;
}
