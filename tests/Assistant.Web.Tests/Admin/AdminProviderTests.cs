using System.Net;
using Assistant.Core.Surveys;
using Assistant.Web.Admin.Stores;

using static Assistant.Web.Tests.Admin.AdminData;

namespace Assistant.Web.Tests.Admin;

/// <summary>The same staff journey on every storage provider: memory (tests), SQLite (the default, everywhere else) and PostgreSQL.</summary>
public sealed class AdminProviderTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_desk_works_on_the_memory_provider()
    {
        await using var host = await AdminHost.StartAsync(provider: "memory");
        await JourneyAsync(host);
    }

    [Fact]
    public async Task The_desk_works_on_PostgreSQL()
    {
        var connectionString = await cluster.CreateDatabaseAsync("admin_desk");
        await using var host = await AdminHost.StartAsync(new() { ["ConnectionStrings:Postgres"] = connectionString }, provider: "postgres");
        await JourneyAsync(host);
    }

    /// <summary>Results with a chart, CSV and JSON exports, an unanswered question resolved, a participant erased.</summary>
    private static async Task JourneyAsync(AdminHost host)
    {
        var store = host.Get<ISurveyResponseStore>();
        var key = Key("journey");
        for (var i = 0; i < 12; i++)
        {
            await RespondAsync(store, DateTimeOffset.UtcNow.AddHours(-3).AddMinutes(i), i % 2 == 0 ? "telegram" : "directline",
                participant: i == 0 ? key : Key("j" + i),
                answers: [("e-services-use", Option(i < 6 ? "often" : "sometimes")), ("idea", Text("Идея " + i))]);
        }

        var question = await AskAsync(host.Get<IUnansweredStore>(), "Къде е приемната на кмета?", DateTimeOffset.UtcNow);
        using var admin = await host.SignedInAsync();

        var dashboard = await admin.HtmlAsync("/admin");
        Assert.Equal("12", HtmlText.RowCells(dashboard, $"/admin/surveys/{Survey}\"")[1]);
        var results = await admin.HtmlAsync($"/admin/surveys/{Survey}");
        Assert.Equal(["Поне веднъж месечно", "6", "50 %"], HtmlText.RowCells(HtmlText.Section(results, "e-services-use"), "Поне веднъж месечно"));
        Assert.Contains("<rect class=\"bar", results, StringComparison.Ordinal);
        Assert.Contains("Общо: 6", HtmlText.Visible(await admin.HtmlAsync($"/admin/surveys/{Survey}/responses?channel=telegram")), StringComparison.Ordinal);

        var csv = Csv.Parse((await (await admin.DownloadAsync($"/api/admin/surveys/{Survey}/export?format=csv")).Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF'));
        Assert.Equal(13, csv.Count);
        var json = System.Text.Json.Nodes.JsonNode.Parse(await (await admin.DownloadAsync($"/api/admin/surveys/{Survey}/export?format=json&channel=directline")).Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(6, json["responses"]!.AsArray().Count);

        await admin.HtmlAsync("/admin/unanswered");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync($"/admin/unanswered/{question}/assign", ("entryId", "icc-overview"))).StatusCode);
        Assert.Contains("Къде е приемната на кмета?", await (await admin.DownloadAsync("/admin/unanswered/suggestions.yaml")).Content.ReadAsStringAsync(Ct),
            StringComparison.Ordinal);

        Assert.Contains("Идея 0", await admin.HtmlAsync("/admin/participants?key=" + key), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/admin/participants/erase", ("key", key), ("confirm", "yes"))).StatusCode);
        Assert.Empty(await store.FindByParticipantAsync(Survey, key, Ct));
        Assert.Contains(await host.Get<IAuditLogStore>().ListAsync(0, 20, Ct), e => e.Action == "participant.erase" && e.Subject == key);
        Assert.Equal("11", HtmlText.RowCells(await admin.HtmlAsync("/admin"), $"/admin/surveys/{Survey}\"")[1]);
    }
}
