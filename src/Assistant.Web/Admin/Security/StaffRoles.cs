namespace Assistant.Web.Admin.Security;

/// <summary>The two staff roles and the authorization policies built on them.</summary>
public static class StaffRoles
{
    /// <summary>Everything, including erasure and account management.</summary>
    public const string Admin = "admin";

    /// <summary>Read and export.</summary>
    public const string Reviewer = "reviewer";

    public const string Scheme = "staff";

    public const string StaffPolicy = "staff";

    public const string AdminPolicy = "staff-admin";

    public const string CookieName = "__Host-assistant-staff";

    public static bool IsValid(string? role) => role is Admin or Reviewer;
}
