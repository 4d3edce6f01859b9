using Assistant.Core.Surveys;
using Assistant.Core.Surveys.Invitations;
using Assistant.Core.Tests.Support;

namespace Assistant.Core.Tests.Surveys;

public sealed class InvitationConversationTests
{
    private const string EGov = "e-government-participation";
    private static readonly DateTimeOffset Created = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_signed_invitation_starts_its_survey_after_consent_and_the_response_carries_its_campaign()
    {
        var bot = new TestBot();
        var code = await InviteAsync(bot, "poster-metro");

        await new TestFlow(bot).Join().SkipReplies()
            .Send("/start " + code)
            .ExpectReply("Иновативна София")
            .ExpectReply(a => Assert.Equal(["Съгласен/на съм", "Не, благодаря"], a.SuggestedActions!.Actions.Select(b => b.Title)))
            .Send("Съгласен/на съм")
            .ExpectReply("Въпрос 1 от");

        var response = Assert.Single(Responses(bot));
        Assert.Equal(EGov, response.SurveyId);
        Assert.Equal("poster-metro", response.Campaign);
        Assert.Equal(1, (await bot.Invitations.ListAsync(Ct))[0].Opened);
    }

    [Fact]
    public async Task The_web_page_invitation_event_starts_the_survey_in_english_too()
    {
        var bot = new TestBot();
        var code = await InviteAsync(bot, "newsletter-dec");

        await new TestFlow(bot, locale: "en-US").Join().SkipReplies()
            .SendEvent(SurveyDeepLinks.EventName, code)
            .ExpectReply("Innovative Sofia")
            .ExpectReply(a => Assert.Equal(["I agree", "No, thanks"], a.SuggestedActions!.Actions.Select(b => b.Title)))
            .Send("I agree")
            .ExpectReply("Question 1 of");

        Assert.Equal("newsletter-dec", Assert.Single(Responses(bot)).Campaign);
    }

    [Fact]
    public async Task A_tampered_code_gets_a_friendly_word_and_the_survey_list_in_both_languages()
    {
        var bot = new TestBot();
        var code = await InviteAsync(bot, "poster-metro");
        var tampered = code[..^1] + (code[^1] == 'x' ? 'y' : 'x');

        await new TestFlow(bot)
            .Send("/start " + tampered)
            .ExpectReply("Тази покана не е валидна")
            .ExpectReply(a => Assert.Equal(2, a.SuggestedActions!.Actions.Count));
        await new TestFlow(bot, conversationId: "conv-en", locale: "en-US")
            .Send("/start " + tampered)
            .ExpectReply("This invitation is not valid")
            .SkipReplies();

        Assert.Empty(Responses(bot));
        Assert.Equal(0, (await bot.Invitations.ListAsync(Ct))[0].Opened);
    }

    [Fact]
    public async Task An_expired_invitation_says_so()
    {
        var bot = new TestBot();
        var code = await InviteAsync(bot, "old-poster", expiresAt: DateTimeOffset.UtcNow.AddMinutes(-1));

        await new TestFlow(bot)
            .Send("/start " + code)
            .ExpectReply("Срокът на тази покана изтече")
            .SkipReplies();
        await new TestFlow(bot, conversationId: "conv-en", locale: "en-US")
            .Send("/start " + code)
            .ExpectReply("This invitation has expired")
            .SkipReplies();
    }

    [Fact]
    public async Task An_invitation_over_its_use_limit_says_so()
    {
        var bot = new TestBot();
        var code = await InviteAsync(bot, "workshop-hall", maxUses: 1);

        await new TestFlow(bot, conversationId: "first")
            .Send("/start " + code)
            .ExpectReply("Иновативна София")
            .SkipReplies();
        await new TestFlow(bot, conversationId: "second", userId: "user-2")
            .Send("/start " + code)
            .ExpectReply("Тази покана вече е използвана толкова пъти, колкото е разрешено")
            .SkipReplies();
        await new TestFlow(bot, conversationId: "third", userId: "user-3", locale: "en-US")
            .Send("/start " + code)
            .ExpectReply("This invitation has been used as many times as it allows")
            .SkipReplies();
    }

    [Fact]
    public async Task A_survey_id_with_a_campaign_suffix_starts_the_survey_and_records_the_suffix()
    {
        var bot = new TestBot();

        await new TestFlow(bot).Join().SkipReplies()
            .Send("/start e-government-participation_poster1")
            .ExpectReply("Иновативна София")
            .SkipReplies()
            .Send("Съгласен/на съм")
            .ExpectReply("Въпрос 1 от");

        Assert.Equal("poster1", Assert.Single(Responses(bot)).Campaign);
    }

    [Fact]
    public async Task A_survey_started_from_the_menu_has_no_campaign()
    {
        var bot = new TestBot();

        await new TestFlow(bot).Join().SkipReplies()
            .Send("/start " + EGov).SkipReplies()
            .Send("Съгласен/на съм")
            .ExpectReply("Въпрос 1 от");

        Assert.Null(Assert.Single(Responses(bot)).Campaign);
    }

    private static async Task<string> InviteAsync(TestBot bot, string campaign, DateTimeOffset? expiresAt = null, int? maxUses = null)
    {
        var id = InvitationCodes.NewId();
        await bot.Invitations.CreateAsync(new Invitation(id, EGov, campaign, Created, "admin", expiresAt, maxUses), Ct);
        return bot.InvitationCodes.Sign(id);
    }

    private static List<SurveyResponse> Responses(TestBot bot) =>
        ((Assistant.Core.InMemory.InMemorySurveyResponseStore)bot.Responses).Snapshot().Select(r => r.Response).ToList();
}
