namespace Assistant.Web.Privacy;

public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>Days conversation transcripts, Direct Line message texts and unanswered questions are kept.</summary>
    public int ConversationDays { get; set; } = 180;

    /// <summary>How often the purge runs.</summary>
    public int IntervalHours { get; set; } = 6;
}
