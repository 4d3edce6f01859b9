using System.Text.Json.Serialization;
using System.Text.Json;
using Assistant.Core.Knowledge;
using Assistant.Core.Language;
using Assistant.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace Assistant.Web.Knowledge;

/// <summary>
/// <c>POST /api/knowledge/ask</c>: the same matcher the chat uses, for the staff desk's test box and automated
/// evaluation. Public and rate limited like the chat; records nothing as unanswered.
/// </summary>
public static class KnowledgeEndpoints
{
    public const string RateLimitPolicy = "knowledge";
    public const int MaxQuestionLength = 4000;

    public sealed record AskRequest(string? Text, string? Locale);

    public sealed record AskSuggestion(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("question")] string Question,
        [property: JsonPropertyName("score")] double Score);

    /// <param name="Id">The entry that answers; null when the assistant would not answer (written as null, not left out).</param>
    /// <param name="Band">"answer", "suggest" (did you mean) or "fallback".</param>
    /// <param name="Command">For a request that is really a command ("switch to English"), the command it runs.</param>
    public sealed record AskResponse(
        [property: JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Id,
        [property: JsonPropertyName("score")] double Score,
        [property: JsonPropertyName("locale")] string Locale,
        [property: JsonPropertyName("answer"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Answer,
        [property: JsonPropertyName("suggestions")] IReadOnlyList<AskSuggestion> Suggestions,
        [property: JsonPropertyName("band")] string Band,
        [property: JsonPropertyName("command")] string? Command);

    public static IEndpointRouteBuilder MapKnowledgeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/knowledge/ask", AskAsync).RequireRateLimiting(RateLimitPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(ApiError.MaxBodyBytes));
        return app;
    }

    private static async Task<IResult> AskAsync(HttpRequest request, IKnowledgeSource knowledge, CancellationToken cancellationToken)
    {
        AskRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<AskRequest>(request.Body, ActivityJson.Options, cancellationToken);
        }
        catch (JsonException)
        {
            return ApiError.BadArgument("The body must be JSON: {\"text\": \"...\", \"locale\": \"bg\" | \"en\" | null}.");
        }
        catch (BadHttpRequestException e) when (ApiError.IsTooLarge(e))
        {
            return ApiError.TooLarge();
        }

        if (string.IsNullOrWhiteSpace(body?.Text))
        {
            return ApiError.MissingProperty("\"text\" is required.");
        }

        if (body.Text.Length > MaxQuestionLength)
        {
            return ApiError.BadArgument($"\"text\" is longer than {MaxQuestionLength} characters.");
        }

        var matcher = knowledge.Current;
        var match = matcher.Match(body.Text);
        var replyLang = Lang.FromLocale(body.Locale) ?? match.Language;
        var answered = match.Band == MatchBand.Answer ? matcher.Knowledge.Find(match.Top!.Id) : null;
        var suggestions = match.Candidates
            .Select(c => (Candidate: c, Entry: matcher.Knowledge.Find(c.Id)))
            .Where(x => x.Entry is not null)
            .Take(3)
            .Select(x => new AskSuggestion(x.Candidate.Id,
                replyLang == match.Language ? x.Candidate.Question : x.Entry!.In(replyLang).Questions[0],
                Math.Round(x.Candidate.Score, 3)))
            .ToList();
        var answer = answered is { Kind: not KnowledgeKind.Command } ? answered.In(replyLang).Answer : null;
        return Results.Ok(new AskResponse(answered?.Id, Math.Round(match.Top?.Score ?? 0, 3), replyLang, answer, suggestions,
            match.Band.ToString().ToLowerInvariant(), answered?.Command));
    }
}
