using Assistant.Web.Admin.Export;
using Assistant.Web.Admin.Pages;
using Assistant.Web.Admin.Security;

namespace Assistant.Web.Admin;

/// <summary>The route table of the desk. Pages are server-rendered HTML; every POST checks antiforgery.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/assets/admin.css", AdminAssets.Css).AllowAnonymous();

        app.MapGet("/admin/login", LoginPage.ShowAsync).AllowAnonymous();
        app.MapPost("/admin/login", LoginPage.SubmitAsync).AllowAnonymous()
            .RequireRateLimiting(AdminRateLimits.LoginPolicy)
            .AddEndpointFilter(AdminAntiforgery.ValidateAsync);

        var staff = app.MapGroup("/admin").RequireAuthorization(StaffRoles.StaffPolicy);
        var admin = app.MapGroup("/admin").RequireAuthorization(StaffRoles.AdminPolicy);
        var staffForms = app.MapGroup("/admin").RequireAuthorization(StaffRoles.StaffPolicy)
            .AddEndpointFilter(AdminAntiforgery.ValidateAsync);
        var adminForms = app.MapGroup("/admin").RequireAuthorization(StaffRoles.AdminPolicy)
            .AddEndpointFilter(AdminAntiforgery.ValidateAsync);

        staffForms.MapPost("/logout", LoginPage.SignOutAsync);
        staff.MapGet("/denied", LoginPage.Denied);

        staff.MapGet("/", DashboardPage.ShowAsync);
        staff.MapGet("/surveys/{surveyId}", SurveyResultsPage.ShowAsync);
        staff.MapGet("/surveys/{surveyId}/responses", ResponsesPage.ListAsync);
        staff.MapGet("/surveys/{surveyId}/responses/{responseId:guid}", ResponsesPage.ShowAsync);

        staff.MapGet("/unanswered", UnansweredPage.ShowAsync);
        staff.MapGet("/unanswered/suggestions", UnansweredPage.SuggestionsAsync);
        staff.MapGet("/unanswered/suggestions.yaml", UnansweredPage.SuggestionsYamlAsync);
        adminForms.MapPost("/unanswered/{questionId:guid}/assign", UnansweredPage.AssignAsync);
        adminForms.MapPost("/unanswered/{questionId:guid}/out-of-scope", UnansweredPage.OutOfScopeAsync);
        adminForms.MapPost("/unanswered/{questionId:guid}/reopen", UnansweredPage.ReopenAsync);
        adminForms.MapPost("/unanswered/suggestions/added", UnansweredPage.MarkAddedAsync);

        TeamQuestions.TeamQuestionsPage.Map(staff, adminForms);

        staff.MapGet("/knowledge", KnowledgeTestPage.Show);

        staff.MapGet("/participants", ParticipantsPage.ShowAsync);
        adminForms.MapPost("/participants/erase", ParticipantsPage.EraseAsync);

        admin.MapGet("/staff", StaffPage.ShowAsync);
        adminForms.MapPost("/staff", StaffPage.CreateAsync);
        adminForms.MapPost("/staff/{name}/role", StaffPage.SetRoleAsync);
        adminForms.MapPost("/staff/{name}/password", StaffPage.SetPasswordAsync);
        adminForms.MapPost("/staff/{name}/unlock", StaffPage.UnlockAsync);
        adminForms.MapPost("/staff/{name}/delete", StaffPage.DeleteAsync);
        admin.MapGet("/audit", AuditPage.ShowAsync);
        admin.MapGet("/invitations", InvitationsPage.ShowAsync);
        adminForms.MapPost("/invitations", InvitationsPage.CreateAsync);
        admin.MapGet("/invitations/{id}/qr.svg", InvitationsPage.QrAsync);
        Announcements.AnnouncementsPage.Map(admin, adminForms);
        Publications.SurveyPublicationPage.Map(staff, adminForms);

        var api = app.MapGroup("/api/admin")
            .AllowAnonymous()
            .RequireRateLimiting(AdminRateLimits.ApiPolicy)
            .AddEndpointFilter(StaffApiAuth.RequireStaffAsync);
        api.MapGet("/surveys/{surveyId}/export", SurveyExportEndpoints.ExportAsync);
        api.MapGet("/surveys/{surveyId}/dictionary", SurveyExportEndpoints.DataDictionary);
        return app;
    }
}
