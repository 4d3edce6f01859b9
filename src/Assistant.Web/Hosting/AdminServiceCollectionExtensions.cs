using Assistant.Web.Admin;
using Assistant.Web.Admin.Security;
using Microsoft.AspNetCore.DataProtection;

namespace Assistant.Web.Hosting;

public static class AdminServiceCollectionExtensions
{
    /// <summary>
    /// The staff review desk under <c>/admin</c> and <c>/api/admin</c>: staff cookie sign-in (secure, HttpOnly,
    /// SameSite=Strict), the admin and reviewer policies, antiforgery, the login and API rate limits, and the admin pages'
    /// own headers. The stores it needs are registered by <see cref="StorageServiceCollectionExtensions.AddStorage"/>.
    /// </summary>
    public static IServiceCollection AddAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var options = configuration.GetSection(AdminOptions.SectionName).Get<AdminOptions>() ?? new AdminOptions();

        if (!string.IsNullOrWhiteSpace(options.KeysFolder))
        {
            services.AddDataProtection()
                .SetApplicationName("assistant")
                .PersistKeysToFileSystem(new DirectoryInfo(Path.GetFullPath(options.KeysFolder)));
        }

        services.AddSingleton<StaffPasswords>();
        services.AddSingleton<StaffAccounts>();
        services.AddSingleton<StaffSignIn>();
        services.AddSingleton<StaffBasicCache>();
        services.AddTransient<IStartupFilter, AdminHeadersStartupFilter>();

        services.AddAuthentication()
            .AddCookie(StaffRoles.Scheme, cookie =>
            {
                cookie.Cookie.Name = StaffRoles.CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.Path = "/";
                cookie.Cookie.IsEssential = true;
                cookie.LoginPath = "/admin/login";
                cookie.LogoutPath = "/admin/logout";
                cookie.AccessDeniedPath = "/admin/denied";
                cookie.ReturnUrlParameter = "returnUrl";
                cookie.ExpireTimeSpan = TimeSpan.FromHours(Math.Max(1, options.SessionHours));
                cookie.SlidingExpiration = true;
                cookie.Events = new StaffCookieEvents();
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(StaffRoles.StaffPolicy, policy => policy
                .AddAuthenticationSchemes(StaffRoles.Scheme)
                .RequireAuthenticatedUser()
                .RequireRole(StaffRoles.Admin, StaffRoles.Reviewer))
            .AddPolicy(StaffRoles.AdminPolicy, policy => policy
                .AddAuthenticationSchemes(StaffRoles.Scheme)
                .RequireAuthenticatedUser()
                .RequireRole(StaffRoles.Admin));

        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "__Host-assistant-antiforgery";
            antiforgery.Cookie.HttpOnly = true;
            // Made Secure by the admin cookie policy (AdminHeadersStartupFilter): Always here would refuse plain-HTTP requests.
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.Path = "/";
            antiforgery.FormFieldName = AdminAntiforgery.FormFieldName;
            antiforgery.HeaderName = null;
            // The security headers (X-Frame-Options: DENY and frame-ancestors 'none') are set for every admin page.
            antiforgery.SuppressXFrameOptionsHeader = true;
        });

        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(AdminRateLimits.LoginPolicy, new AdminRateLimits(options.LoginPerMinute));
            limiter.AddPolicy(AdminRateLimits.ApiPolicy, new AdminRateLimits(options.ApiPerMinute));
        });
        return services;
    }

    /// <summary>Every admin page and the export API.</summary>
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app) => AdminEndpoints.Map(app);
}
