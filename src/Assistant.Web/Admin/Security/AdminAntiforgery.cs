using Assistant.Web.Admin.Rendering;
using Microsoft.AspNetCore.Antiforgery;

namespace Assistant.Web.Admin.Security;

/// <summary>Every POST of the desk must carry the antiforgery field of a page the desk rendered; otherwise 400.</summary>
public static class AdminAntiforgery
{
    public const string FormFieldName = "__af";

    public static async ValueTask<object?> ValidateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
        {
            var view = new AdminView(http);
            return view.Page(view.T("antiforgery.title"),
                Html.Of($"<p>{view.T("antiforgery.text")}</p><p><a href=\"/admin\">{view.T("nav.dashboard")}</a></p>"), "",
                StatusCodes.Status400BadRequest);
        }

        return await next(context);
    }
}
