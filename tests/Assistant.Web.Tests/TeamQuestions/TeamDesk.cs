using System.Net;
using Assistant.Web.Admin.Security;
using Assistant.Web.Tests.Admin;
using Assistant.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.TeamQuestions;

/// <summary>An admin signed in to the desk of a server running on a real socket.</summary>
internal static class TeamDesk
{
    private const string Password = "Vitosha-Passw0rd-Sofia-2026";

    public static async Task<AdminClient> SignInAsync(AssistantServer server)
    {
        var ct = TestContext.Current.CancellationToken;
        var created = await server.Services.GetRequiredService<StaffAccounts>().CreateAsync("desk", StaffRoles.Admin, Password, "test", ct);
        Assert.True(created.Succeeded, created.Error);
        var jar = new CookieJar { InnerHandler = new HttpClientHandler { AllowAutoRedirect = false } };
        var client = new AdminClient(new HttpClient(jar) { BaseAddress = server.BaseAddress }, jar);
        var signIn = await client.SignInAsync("desk", Password);
        Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, $"{signIn.StatusCode}: {await signIn.Content.ReadAsStringAsync(ct)}");
        return client;
    }
}
