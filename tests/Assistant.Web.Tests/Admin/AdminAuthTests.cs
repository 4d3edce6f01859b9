using System.Buffers.Binary;
using System.Net;
using Assistant.Web.Admin;
using Assistant.Web.Admin.Security;
using Assistant.Web.Admin.Stores;

namespace Assistant.Web.Tests.Admin;

public sealed class AdminAuthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Pages =>
    [
        "/admin", "/admin/surveys/e-government-participation", "/admin/surveys/e-government-participation/responses",
        $"/admin/surveys/e-government-participation/responses/{Guid.NewGuid()}", "/admin/unanswered", "/admin/unanswered/suggestions",
        "/admin/unanswered/suggestions.yaml", "/admin/knowledge?q=icc", "/admin/participants", "/admin/staff", "/admin/audit",
    ];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_page_sends_a_visitor_who_is_not_signed_in_to_the_sign_in_page(string url)
    {
        await using var host = await AdminHost.StartAsync();
        using var client = host.NewClient();

        var page = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.StartsWith("http://localhost/admin/login?returnUrl=", page.Location, StringComparison.Ordinal);
        Assert.DoesNotContain("<table", page.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin/logout")]
    [InlineData("/admin/unanswered/00000000-0000-0000-0000-000000000001/out-of-scope")]
    [InlineData("/admin/participants/erase")]
    [InlineData("/admin/staff")]
    public async Task Every_form_refuses_a_visitor_who_is_not_signed_in(string url)
    {
        await using var host = await AdminHost.StartAsync();
        using var client = host.NewClient();
        await client.GetAsync("/admin/login");

        using var response = await client.PostAsync(url, ("key", AdminData.Key("x")), ("confirm", "yes"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/admin/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_export_API_answers_401_with_a_Basic_challenge_without_credentials()
    {
        await using var host = await AdminHost.StartAsync();
        using var client = host.NewClient();

        using var response = await client.DownloadAsync($"/api/admin/surveys/{AdminData.Survey}/export?format=csv");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("realm=", response.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_sets_a_secure_HttpOnly_SameSite_strict_cookie_and_opens_the_dashboard()
    {
        await using var host = await AdminHost.StartAsync();
        using var client = host.NewClient();

        using var response = await client.SignInAsync(AdminHost.AdminName, AdminHost.AdminPassword, "/admin/audit");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/audit", response.Headers.Location!.ToString());
        var session = Assert.Single(client.Jar.SetCookies, c => c.StartsWith(StaffRoles.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("; secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=strict", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; path=/", session, StringComparison.OrdinalIgnoreCase);
        Assert.All(client.Jar.SetCookies, c =>
        {
            Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; httponly", c, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; samesite=strict", c, StringComparison.OrdinalIgnoreCase);
        });
        var dashboard = await client.HtmlAsync("/admin");
        Assert.Contains("ada · администратор", dashboard, StringComparison.Ordinal);
        var audit = await host.Get<IAuditLogStore>().ListAsync(0, 10, Ct);
        Assert.Contains(audit, e => e.Action == "staff.sign-in" && e.Actor == AdminHost.AdminName);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_even_for_a_copy_of_the_cookie()
    {
        await using var host = await AdminHost.StartAsync();
        using var client = await host.SignedInAsync();
        var copy = client.Jar.Cookies[StaffRoles.CookieName];
        await client.HtmlAsync("/admin");

        using var signOut = await client.PostAsync("/admin/logout");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/admin/login", signOut.Headers.Location!.ToString());
        Assert.False(client.Jar.Cookies.ContainsKey(StaffRoles.CookieName));
        client.Jar.Set(StaffRoles.CookieName, copy);
        var again = await client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, again.Status);
        Assert.Contains("/admin/login", again.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_name_get_the_same_answer()
    {
        await using var host = await AdminHost.StartAsync();
        using var client = host.NewClient();

        using var wrong = await client.SignInAsync(AdminHost.AdminName, "not-the-password-1");
        var wrongHtml = await wrong.Content.ReadAsStringAsync(Ct);
        using var unknown = await client.SignInAsync("nobody", "not-the-password-1");
        var unknownHtml = await unknown.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Contains("Грешно име или парола.", wrongHtml, StringComparison.Ordinal);
        Assert.Contains("Грешно име или парола.", unknownHtml, StringComparison.Ordinal);
        Assert.False(client.Jar.Cookies.ContainsKey(StaffRoles.CookieName));
    }

    [Fact]
    public async Task An_account_is_locked_after_the_allowed_failures_and_then_even_the_right_password_is_refused()
    {
        await using var host = await AdminHost.StartAsync(new() { ["Admin:LockoutFailuresPerHour"] = "10" });
        using var client = host.NewClient();

        for (var i = 0; i < 3; i++)
        {
            using var failed = await client.SignInAsync(AdminHost.AdminName, "wrong-password-" + i);
            Assert.Contains("Грешно име или парола.", await failed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using var locked = await client.SignInAsync(AdminHost.AdminName, AdminHost.AdminPassword);

        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("Твърде много неуспешни опити", await locked.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.False(client.Jar.Cookies.ContainsKey(StaffRoles.CookieName));
        Assert.Equal(3, await host.Get<IStaffStore>().CountLoginFailuresAsync(AdminHost.AdminName, DateTimeOffset.UtcNow.AddHours(-1), Ct));

        // HTTP Basic goes through the same lockout; the other account is not affected.
        using var api = host.NewClient();
        api.Http.DefaultRequestHeaders.Authorization = AdminClient.Basic(AdminHost.AdminName, AdminHost.AdminPassword);
        using var basic = await api.DownloadAsync($"/api/admin/surveys/{AdminData.Survey}/export?format=csv");
        Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
        using var reviewer = await host.NewClient().SignInAsync(AdminHost.ReviewerName, AdminHost.ReviewerPassword);
        Assert.Equal(HttpStatusCode.Redirect, reviewer.StatusCode);

        // An admin lifts the lockout.
        Assert.True((await host.Get<StaffAccounts>().UnlockAsync(AdminHost.AdminName, "test", Ct)).Succeeded);
        using var afterUnlock = await client.SignInAsync(AdminHost.AdminName, AdminHost.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, afterUnlock.StatusCode);
    }

    [Fact]
    public async Task The_lockout_limit_holds_when_many_wrong_attempts_arrive_at_once()
    {
        await using var host = await AdminHost.StartAsync(new() { ["Admin:LockoutFailuresPerHour"] = "10" });
        var signIn = host.Get<StaffSignIn>();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => signIn.CheckAsync(AdminHost.AdminName, "wrong-" + i, "192.0.2.1", Ct), Ct)));

        // 30 % of the hour's budget fit in a minute.
        Assert.Equal(3, outcomes.Count(o => o.Kind == SignInResultKind.Failed));
        Assert.Equal(37, outcomes.Count(o => o.Kind == SignInResultKind.LockedOut));
        Assert.Equal(3, await host.Get<IStaffStore>().CountLoginFailuresAsync(AdminHost.AdminName, DateTimeOffset.UtcNow.AddHours(-1), Ct));
    }

    [Fact]
    public async Task A_stranger_guessing_wrong_slows_only_themselves_and_the_audit_log_says_so()
    {
        await using var host = await AdminHost.StartAsync();
        var signIn = host.Get<StaffSignIn>();

        for (var i = 0; i < 12; i++)
        {
            await signIn.CheckAsync(AdminHost.AdminName, "guess-" + i, "198.51.100.7", Ct);
        }

        Assert.Equal(SignInResultKind.LockedOut, (await signIn.CheckAsync(AdminHost.AdminName, AdminHost.AdminPassword, "198.51.100.7", Ct)).Kind);
        Assert.Equal(SignInResultKind.Success, (await signIn.CheckAsync(AdminHost.AdminName, AdminHost.AdminPassword, "203.0.113.5", Ct)).Kind);
        var audit = await host.Get<IAuditLogStore>().ListAsync(0, 50, Ct);
        Assert.Contains(audit, e => e.Action == "staff.sign-in-throttled" && e.Subject == AdminHost.AdminName && e.Details!.Contains("198.51.100.7", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lockout_setting_above_100_failures_per_hour_stops_the_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await AdminHost.StartAsync(new() { ["Admin:LockoutFailuresPerHour"] = "101" });
        });

        Assert.Contains("LockoutFailuresPerHour", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(100, AdminOptions.MaxFailuresPerHourCeiling);
        Assert.InRange(new AdminOptions().LockoutFailuresPerHour, 1, 100);
    }

    [Fact]
    public async Task The_sign_in_form_is_rate_limited_per_client_with_429_and_Retry_After()
    {
        await using var host = await AdminHost.StartAsync(new() { ["Admin:LoginPerMinute"] = "3" });
        using var client = host.NewClient();

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await client.SignInAsync("nobody", "wrong-password-x");
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        using var limited = await client.SignInAsync(AdminHost.AdminName, AdminHost.AdminPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.False(client.Jar.Cookies.ContainsKey(StaffRoles.CookieName));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/login")).Status);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_field_is_rejected_and_changes_nothing()
    {
        await using var host = await AdminHost.StartAsync();
        using var client = await host.SignedInAsync();
        var question = await AdminData.AskAsync(host.Get<IUnansweredStore>(), "Къде е кметството?", DateTimeOffset.UtcNow);
        await client.HtmlAsync("/admin/unanswered");

        using var forged = await client.PostAsync($"/admin/unanswered/{question}/out-of-scope", withAntiforgery: false, ("status", "waiting"));
        using var forgedLogin = await host.NewClient().PostAsync("/admin/login", withAntiforgery: false,
            ("name", AdminHost.AdminName), ("password", AdminHost.AdminPassword));
        using var wrongToken = await client.PostAsync($"/admin/unanswered/{question}/out-of-scope", withAntiforgery: false,
            ("status", "waiting"), ("__af", "CfDJ8-forged-token"));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forgedLogin.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongToken.StatusCode);
        Assert.Equal(1, (await host.Get<IUnansweredReviewStore>().CountAsync(Ct)).Waiting);

        using var genuine = await client.PostAsync($"/admin/unanswered/{question}/out-of-scope", ("status", "waiting"));
        Assert.Equal(HttpStatusCode.Redirect, genuine.StatusCode);
        Assert.Equal(1, (await host.Get<IUnansweredReviewStore>().CountAsync(Ct)).OutOfScope);
    }

    [Fact]
    public async Task A_reviewer_reads_and_exports_but_admin_pages_and_actions_answer_403()
    {
        await using var host = await AdminHost.StartAsync();
        var question = await AdminData.AskAsync(host.Get<IUnansweredStore>(), "Какво е ICC?", DateTimeOffset.UtcNow);
        using var reviewer = await host.SignedInAsync(AdminHost.ReviewerName);

        foreach (var url in new[] { "/admin", $"/admin/surveys/{AdminData.Survey}", $"/admin/surveys/{AdminData.Survey}/responses",
                     "/admin/unanswered", "/admin/unanswered/suggestions", "/admin/knowledge?q=icc", "/admin/participants" })
        {
            await reviewer.HtmlAsync(url);
        }

        using var export = await reviewer.DownloadAsync($"/api/admin/surveys/{AdminData.Survey}/export?format=csv");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.GetAsync("/admin/staff")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.GetAsync("/admin/audit")).Status);
        var unanswered = await reviewer.HtmlAsync("/admin/unanswered");
        Assert.DoesNotContain("/out-of-scope", unanswered, StringComparison.Ordinal);
        using var decide = await reviewer.PostAsync($"/admin/unanswered/{question}/out-of-scope", ("status", "waiting"));
        Assert.Equal(HttpStatusCode.Forbidden, decide.StatusCode);
        using var erase = await reviewer.PostAsync("/admin/participants/erase", ("key", AdminData.Key("someone")), ("confirm", "yes"));
        Assert.Equal(HttpStatusCode.Forbidden, erase.StatusCode);
        using var create = await reviewer.PostAsync("/admin/staff", ("name", "mallory"), ("role", "admin"), ("password", "mallory-password-1"));
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Null(await host.Get<IStaffStore>().FindAsync("mallory", Ct));
        Assert.Equal(1, (await host.Get<IUnansweredReviewStore>().CountAsync(Ct)).Waiting);
    }

    [Fact]
    public async Task Admin_pages_and_exports_carry_a_strict_Content_Security_Policy_and_are_never_cached()
    {
        await using var host = await AdminHost.StartAsync();
        using var client = await host.SignedInAsync();

        foreach (var url in new[] { "/admin/login", "/admin", $"/admin/surveys/{AdminData.Survey}", $"/api/admin/surveys/{AdminData.Survey}/export?format=csv" })
        {
            using var response = await client.DownloadAsync(url);
            var csp = string.Join(",", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Equal(AdminHeadersStartupFilter.ContentSecurityPolicy, csp);
            Assert.Contains("script-src 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }

        // The chat page keeps its own policy.
        using var chat = await client.DownloadAsync("/");
        Assert.Contains("connect-src", string.Join(",", chat.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passwords_are_stored_as_PBKDF2_HMAC_SHA512_hashes_with_at_least_210000_iterations()
    {
        await using var host = await AdminHost.StartAsync();

        var account = await host.Get<IStaffStore>().FindAsync(AdminHost.AdminName, Ct);

        var bytes = Convert.FromBase64String(account!.PasswordHash);
        Assert.Equal(0x01, bytes[0]);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1)));
        Assert.True(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5)) >= 210_000);
        Assert.DoesNotContain(AdminHost.AdminPassword, account.PasswordHash, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/admin")]
    [InlineData("//evil.example/admin")]
    [InlineData("/admin/../..//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task The_return_address_after_sign_in_stays_on_the_desk(string returnUrl)
    {
        await using var host = await AdminHost.StartAsync();
        using var client = host.NewClient();

        using var response = await client.SignInAsync(AdminHost.AdminName, AdminHost.AdminPassword, returnUrl);

        Assert.Equal("/admin", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_changed_role_or_a_deleted_account_ends_the_session_at_once()
    {
        await using var host = await AdminHost.StartAsync();
        await host.AddStaffAsync("bob", StaffRoles.Admin, "secret-phrase-00001");
        using var bob = await host.SignedInAsync("bob", "secret-phrase-00001");
        await bob.HtmlAsync("/admin/staff");

        await host.Get<StaffAccounts>().SetRoleAsync("bob", StaffRoles.Reviewer, "test", Ct);
        Assert.Equal(HttpStatusCode.Redirect, (await bob.GetAsync("/admin")).Status);

        using var again = await host.SignedInAsync("bob", "secret-phrase-00001");
        Assert.Equal(HttpStatusCode.Forbidden, (await again.GetAsync("/admin/staff")).Status);
        await host.Get<StaffAccounts>().DeleteAsync("bob", "test", Ct);
        Assert.Equal(HttpStatusCode.Redirect, (await again.GetAsync("/admin")).Status);
    }
}
