using System.Net;
using Assistant.Web.Admin.Security;

namespace Assistant.Web.Tests.Admin;

/// <summary>
/// A script on the export API with HTTP Basic pays the slow password hashing once, not per request; what changes the
/// account (password, role, ended sessions, deletion) takes effect at once, and wrong passwords are always checked.
/// </summary>
public sealed class AdminBasicCacheTests
{
    private static readonly string Export = $"/api/admin/surveys/{AdminData.Survey}/export?format=csv";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_script_calling_the_export_API_again_and_again_has_its_password_hashed_once()
    {
        await using var host = await AdminHost.StartAsync();
        var passwords = host.Get<StaffPasswords>();
        using var api = BasicClient(host, AdminHost.AdminName, AdminHost.AdminPassword);
        var before = passwords.Verifications;

        for (var i = 0; i < 5; i++)
        {
            using var response = await api.DownloadAsync(Export);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, passwords.Verifications - before);
    }

    [Fact]
    public async Task After_a_password_change_the_old_password_is_refused_at_once_and_the_new_one_works()
    {
        await using var host = await AdminHost.StartAsync();
        using var old = BasicClient(host, AdminHost.AdminName, AdminHost.AdminPassword);
        using (var first = await old.DownloadAsync(Export))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        Assert.True((await host.Get<StaffAccounts>().SetPasswordAsync(AdminHost.AdminName, "a-brand-new-passphrase-7", "test", Ct)).Succeeded);

        using var refused = await old.DownloadAsync(Export);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var renewed = BasicClient(host, AdminHost.AdminName, "a-brand-new-passphrase-7");
        using var accepted = await renewed.DownloadAsync(Export);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task A_deleted_account_is_refused_at_once()
    {
        await using var host = await AdminHost.StartAsync();
        await host.AddStaffAsync("bob", StaffRoles.Reviewer, "secret-phrase-00001");
        using var bob = BasicClient(host, "bob", "secret-phrase-00001");
        using (var first = await bob.DownloadAsync(Export))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        Assert.True((await host.Get<StaffAccounts>().DeleteAsync("bob", "test", Ct)).Succeeded);

        using var refused = await bob.DownloadAsync(Export);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_changed_role_or_ended_sessions_make_the_next_request_check_the_password_again()
    {
        await using var host = await AdminHost.StartAsync();
        var passwords = host.Get<StaffPasswords>();
        await host.AddStaffAsync("bob", StaffRoles.Admin, "secret-phrase-00001");
        using var bob = BasicClient(host, "bob", "secret-phrase-00001");
        using (var first = await bob.DownloadAsync(Export))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var before = passwords.Verifications;
        await host.Get<StaffAccounts>().SetRoleAsync("bob", StaffRoles.Reviewer, "test", Ct);
        using (var afterRole = await bob.DownloadAsync(Export))
        {
            Assert.Equal(HttpStatusCode.OK, afterRole.StatusCode);
        }

        Assert.Equal(1, passwords.Verifications - before);
        await host.Get<StaffAccounts>().EndSessionsAsync("bob", Ct);
        using (var afterEnd = await bob.DownloadAsync(Export))
        {
            Assert.Equal(HttpStatusCode.OK, afterEnd.StatusCode);
        }

        Assert.Equal(2, passwords.Verifications - before);
    }

    [Fact]
    public async Task A_wrong_password_is_checked_every_time_and_never_remembered()
    {
        await using var host = await AdminHost.StartAsync();
        var passwords = host.Get<StaffPasswords>();
        using var right = BasicClient(host, AdminHost.AdminName, AdminHost.AdminPassword);
        using (var first = await right.DownloadAsync(Export))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var wrong = BasicClient(host, AdminHost.AdminName, AdminHost.AdminPassword + "x");
        var before = passwords.Verifications;
        for (var i = 0; i < 2; i++)
        {
            using var refused = await wrong.DownloadAsync(Export);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        Assert.Equal(2, passwords.Verifications - before);
    }

    [Fact]
    public async Task With_the_cache_turned_off_every_request_checks_the_password()
    {
        await using var host = await AdminHost.StartAsync(new() { ["Admin:BasicAuthCacheSeconds"] = "0" });
        var passwords = host.Get<StaffPasswords>();
        using var api = BasicClient(host, AdminHost.AdminName, AdminHost.AdminPassword);
        var before = passwords.Verifications;

        for (var i = 0; i < 3; i++)
        {
            using var response = await api.DownloadAsync(Export);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(3, passwords.Verifications - before);
    }

    private static AdminClient BasicClient(AdminHost host, string name, string password)
    {
        var client = host.NewClient();
        client.Http.DefaultRequestHeaders.Authorization = AdminClient.Basic(name, password);
        return client;
    }
}
