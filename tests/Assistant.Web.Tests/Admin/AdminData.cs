using Assistant.Core.Knowledge;
using Assistant.Core.Surveys;

namespace Assistant.Web.Tests.Admin;

/// <summary>Test data written through the real stores, as the chat writes it.</summary>
public static class AdminData
{
    public const string Survey = "e-government-participation";
    public const string AnonymousSurvey = "workshop-feedback";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static SurveyAnswerValue Option(string id) => new() { Option = id };

    public static SurveyAnswerValue Options(params string[] ids) => new() { Options = ids };

    public static SurveyAnswerValue OptionsWithOther(string other, params string[] ids) => new() { Options = [.. ids, "other"], Other = other };

    public static SurveyAnswerValue Number(decimal value) => new() { Value = value };

    public static SurveyAnswerValue Text(string text) => new() { Text = text };

    public static async Task<Guid> RespondAsync(ISurveyResponseStore store, DateTimeOffset startedAt, string channel = "directline",
        bool complete = true, string survey = Survey, string? participant = null, params (string Question, SurveyAnswerValue Value)[] answers)
    {
        var id = Guid.NewGuid();
        await store.StartAsync(new SurveyResponse(id, survey, 1, participant, channel, startedAt, null, ResponseStatus.InProgress), Ct);
        var at = startedAt;
        foreach (var (question, value) in answers)
        {
            at = at.AddSeconds(10);
            await store.SaveAnswerAsync(new SurveyAnswer(id, question, value.ToJson(), at), Ct);
        }

        if (complete)
        {
            await store.FinishAsync(id, ResponseStatus.Completed, at.AddSeconds(5), Ct);
        }

        return id;
    }

    public static async Task<Guid> AskAsync(IUnansweredStore store, string text, DateTimeOffset at, string language = "bg",
        string channel = "directline", params (string Id, double Score)[] candidates)
    {
        var id = Guid.NewGuid();
        await store.AddAsync(new UnansweredQuestion(id, text, language, channel, at,
            candidates.Select(c => new UnansweredCandidate(c.Id, c.Score)).ToList()), Ct);
        return id;
    }

    /// <summary>A participant key as <see cref="ParticipantKeys"/> makes them.</summary>
    public static string Key(string user) => new ParticipantKeys("test-secret").For("directline", user);
}
