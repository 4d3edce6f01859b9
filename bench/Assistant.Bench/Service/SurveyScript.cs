namespace Assistant.Bench.Service;

/// <summary>
/// The turns of one completed "workshop-feedback" survey (the survey that may be taken again), in English or
/// Bulgarian: each message, the words the bot's reply must contain, and whether the message is an answer to a
/// question (stored as one row). The consent turn is not an answer.
/// </summary>
internal static class SurveyScript
{
    public sealed record Step(string Text, string Expect, bool IsAnswer);

    public const string SurveyId = "workshop-feedback";

    public static readonly IReadOnlyList<Step> English =
    [
        new("/survey workshop-feedback", "Do you agree", false),
        new("I agree", "Question 1 of", false),
        new("5", "Question 2 of", true),
        new("4", "Question 3 of", true),
        new("More time for discussion, please", "Question 4 of", true),
        new("Yes", "Question 5 of", true),
        new("hybrid", "Question 6 of", true),
        new("NGO / civil society", "Thank you", true),
    ];

    public static readonly IReadOnlyList<Step> Bulgarian =
    [
        new("/survey workshop-feedback", "Съгласни ли сте", false),
        new("Съгласен/на съм", "Въпрос 1 от", false),
        new("5", "Въпрос 2 от", true),
        new("3", "Въпрос 3 от", true),
        new("Повече време за дискусия", "Въпрос 4 от", true),
        new("Да", "Въпрос 5 от", true),
        new("На място", "Въпрос 6 от", true),
        new("Академичните среди", "Благодарим", true),
    ];
}
