using System.Net;
using Assistant.Web.Tests.Admin;

namespace Assistant.Web.Tests.Publications;

/// <summary>The desk's publication forms as a signed-in admin uses them.</summary>
internal static class PublicationDesk
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string PageOf(string surveyId) => $"/admin/surveys/{surveyId}/publication";

    public static async Task<string> CloseAsync(AdminClient admin, string surveyId) =>
        await PostOkAsync(admin, surveyId, "close");

    public static async Task<string> PublishAsync(AdminClient admin, string surveyId, bool announce = false, string? bg = null, string? en = null)
    {
        var page = await admin.HtmlAsync(PageOf(surveyId));
        bg ??= WebUtility.HtmlDecode(TextArea(page, "announce_bg"));
        en ??= WebUtility.HtmlDecode(TextArea(page, "announce_en"));
        return await PostOkAsync(admin, surveyId, "publish", announce ? [("announce", "yes"), ("announce_bg", bg), ("announce_en", en)]
            : [("announce_bg", bg), ("announce_en", en)]);
    }

    public static async Task<string> NoteAsync(AdminClient admin, string surveyId, string bg, string en) =>
        await PostOkAsync(admin, surveyId, "note", ("note_bg", bg), ("note_en", en));

    public static async Task<string> PostOkAsync(AdminClient admin, string surveyId, string action, params (string, string)[] fields)
    {
        await admin.HtmlAsync(PageOf(surveyId));
        using var response = await admin.PostAsync($"{PageOf(surveyId)}/{action}", fields);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {(int)response.StatusCode} {html[..Math.Min(400, html.Length)]}");
        return html;
    }

    public static string TextArea(string html, string name)
    {
        var start = html.IndexOf($"name=\"{name}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No textarea {name}");
        var open = html.IndexOf('>', start) + 1;
        return html[open..html.IndexOf("</textarea>", open, StringComparison.Ordinal)];
    }
}
