using Assistant.Core.Surveys;
using Assistant.Core.Surveys.Invitations;
using Assistant.Web.Admin.Stores;
using Assistant.Web.Storage;
using Assistant.Web.Storage.Postgres;
using Assistant.Web.Tests.Support;

namespace Assistant.Web.Tests.Storage;

/// <summary>What every <see cref="IInvitationStore"/> must do (and the campaign of a response), run once per provider.</summary>
public abstract class InvitationStoreConformance : StoreSetConformance
{
    [Fact]
    public async Task An_invitation_opens_until_its_use_limit_and_each_opening_is_counted()
    {
        var store = Stores.Invitations;
        await store.CreateAsync(Invitation("inv000000001", "poster-metro", maxUses: 2), Ct);

        var first = await store.OpenAsync("inv000000001", T0.AddHours(1), Ct);
        var second = await store.OpenAsync("inv000000001", T0.AddHours(2), Ct);
        var third = await store.OpenAsync("inv000000001", T0.AddHours(3), Ct);

        Assert.Equal(InvitationOutcome.Opened, first.Outcome);
        Assert.Equal("e-government-participation", first.Invitation!.SurveyId);
        Assert.Equal("poster-metro", first.Invitation.Campaign);
        Assert.Equal(InvitationOutcome.Opened, second.Outcome);
        Assert.Equal(new InvitationOpening(InvitationOutcome.UsedUp, null), third);
        Assert.Equal(2, (await store.GetAsync("inv000000001", Ct))!.Opened);
    }

    [Fact]
    public async Task An_expired_invitation_does_not_open_and_an_unknown_one_is_invalid()
    {
        var store = Stores.Invitations;
        await store.CreateAsync(Invitation("inv000000002", "newsletter-dec", expiresAt: T0.AddDays(7)), Ct);

        Assert.Equal(InvitationOutcome.Opened, (await store.OpenAsync("inv000000002", T0.AddDays(7).AddSeconds(-1), Ct)).Outcome);
        Assert.Equal(InvitationOutcome.Expired, (await store.OpenAsync("inv000000002", T0.AddDays(7), Ct)).Outcome);
        Assert.Equal(InvitationOutcome.Invalid, (await store.OpenAsync("inv000000999", T0, Ct)).Outcome);
        Assert.Equal(1, (await store.GetAsync("inv000000002", Ct))!.Opened);
    }

    [Fact]
    public async Task Racing_openings_never_exceed_the_use_limit()
    {
        var store = Stores.Invitations;
        await store.CreateAsync(Invitation("inv000000003", "flyer", maxUses: 3), Ct);

        var outcomes = await RaceAsync(12, _ => store.OpenAsync("inv000000003", T0.AddHours(1), Ct));

        Assert.Equal(3, outcomes.Count(o => o.Outcome == InvitationOutcome.Opened));
        Assert.Equal(9, outcomes.Count(o => o.Outcome == InvitationOutcome.UsedUp));
        Assert.Equal(3, (await store.GetAsync("inv000000003", Ct))!.Opened);
    }

    [Fact]
    public async Task Invitations_are_listed_newest_first_with_their_limits()
    {
        var store = Stores.Invitations;
        await store.CreateAsync(Invitation("inv000000004", "older"), Ct);
        await store.CreateAsync(Invitation("inv000000005", "newer", createdAt: T0.AddDays(1), expiresAt: T0.AddDays(30), maxUses: 50), Ct);

        var list = await store.ListAsync(Ct);

        Assert.Equal(["newer", "older"], list.Select(i => i.Campaign));
        Assert.Equal(T0.AddDays(30), list[0].ExpiresAt);
        Assert.Equal(50, list[0].MaxUses);
        Assert.Equal("admin", list[0].CreatedBy);
        Assert.Null(list[1].ExpiresAt);
        Assert.Null(list[1].MaxUses);
    }

    [Fact]
    public async Task The_campaign_is_stored_with_the_response_and_filters_the_staff_reports()
    {
        var s = Stores;
        var poster = Response("poster-metro", ResponseStatus.Completed);
        var plain = Response(null, ResponseStatus.Completed);
        await s.Surveys.StartAsync(poster, Ct);
        await s.Surveys.StartAsync(plain, Ct);

        Assert.Equal("poster-metro", (await s.Surveys.GetAsync(poster.Id, Ct))!.Campaign);
        Assert.Null((await s.Surveys.GetAsync(plain.Id, Ct))!.Campaign);
        var query = new ResponseQuery("e-government-participation", Campaign: "poster-metro");
        Assert.Equal(1, await s.Reports.CountAsync(query, Ct));
        Assert.Equal([poster.Id], (await s.Reports.ListAsync(query, 0, 10, Ct)).Select(r => r.Id));
        var streamed = new List<ResponseWithAnswers>();
        await foreach (var r in s.Reports.StreamAsync(new ResponseQuery("e-government-participation"), Ct))
        {
            streamed.Add(r);
        }

        Assert.Equal(["poster-metro", null], streamed.OrderBy(r => r.Response.Campaign is null).Select(r => r.Response.Campaign));
    }

    [Fact]
    public async Task Campaign_counts_give_openings_consents_and_completions_per_campaign_of_one_survey()
    {
        var s = Stores;
        await s.Invitations.CreateAsync(Invitation("inv000000006", "poster-metro"), Ct);
        await s.Invitations.CreateAsync(Invitation("inv000000007", "poster-metro"), Ct);
        await s.Invitations.CreateAsync(Invitation("inv000000008", "unused"), Ct);
        await s.Invitations.CreateAsync(Invitation("inv000000009", "poster-metro", survey: "workshop-feedback"), Ct);
        foreach (var id in new[] { "inv000000006", "inv000000006", "inv000000007", "inv000000009" })
        {
            await s.Invitations.OpenAsync(id, T0.AddHours(1), Ct);
        }

        await s.Surveys.StartAsync(Response("poster-metro", ResponseStatus.Completed), Ct);
        await s.Surveys.StartAsync(Response("poster-metro", ResponseStatus.InProgress), Ct);
        await s.Surveys.StartAsync(Response("poster1", ResponseStatus.Completed), Ct);
        await s.Surveys.StartAsync(Response(null, ResponseStatus.Completed), Ct);
        await s.Surveys.StartAsync(Response("poster-metro", ResponseStatus.Completed, survey: "workshop-feedback"), Ct);

        var counts = await s.Invitations.CountCampaignsAsync("e-government-participation", Ct);

        Assert.Equal(
            [
                new CampaignCount("poster-metro", 3, 2, 1),
                new CampaignCount("poster1", null, 1, 1),
                new CampaignCount("unused", 0, 0, 0),
            ],
            counts);
    }

    private static Invitation Invitation(string id, string campaign, string survey = "e-government-participation",
        DateTimeOffset? createdAt = null, DateTimeOffset? expiresAt = null, int? maxUses = null) =>
        new(id, survey, campaign, createdAt ?? T0, "admin", expiresAt, maxUses);

    private static SurveyResponse Response(string? campaign, ResponseStatus status, string survey = "e-government-participation") =>
        new(Guid.NewGuid(), survey, 1, null, "telegram", T0, status == ResponseStatus.Completed ? T0.AddMinutes(5) : null, status, campaign);
}

public sealed class InMemoryInvitationStoreTests : InvitationStoreConformance
{
    protected override StoreSet Stores { get; } = StoreSet.Memory(TimeProvider.System);
}

public sealed class SqliteInvitationStoreTests : InvitationStoreConformance, IAsyncLifetime
{
    private SqliteTestFile _file = null!;

    protected override StoreSet Stores => StoreSet.Sqlite(_file.Database, TimeProvider.System);

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync();

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}

public sealed class PostgresInvitationStoreTests(PostgresCluster cluster) : InvitationStoreConformance, IAsyncLifetime
{
    private PostgresDatabase? _database;

    protected override StoreSet Stores => StoreSet.Postgres(_database!, TimeProvider.System);

    public async ValueTask InitializeAsync() => _database = await cluster.OpenEmptyAsync(GetType());

    public async ValueTask DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);
}
