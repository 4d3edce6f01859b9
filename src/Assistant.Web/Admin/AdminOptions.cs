using System.ComponentModel.DataAnnotations;

namespace Assistant.Web.Admin;

/// <summary>The staff review desk (<c>/admin</c>). Section <c>Admin</c>; every key has a safe default.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>The hard ceiling the desk promises: no more failed sign-ins per account per hour than this.</summary>
    public const int MaxFailuresPerHourCeiling = 100;

    /// <summary>
    /// Failed sign-ins per account and client address within one hour; 30 % of it fit in a minute and 60 % in ten minutes,
    /// so the waits grow with the failures. Other addresses are not affected.
    /// </summary>
    [Range(1, MaxFailuresPerHourCeiling)]
    public int LockoutFailuresPerHour { get; set; } = 10;

    /// <summary>POST <c>/admin/login</c> per client IP per minute; over it: 429 with Retry-After.</summary>
    [Range(1, 10_000)]
    public int LoginPerMinute { get; set; } = 10;

    /// <summary>Requests to <c>/api/admin/…</c> per client IP per minute (Basic auth checks a password on each).</summary>
    [Range(1, 10_000)]
    public int ApiPerMinute { get; set; } = 60;

    /// <summary>How long a sign-in lasts without activity.</summary>
    [Range(1, 24 * 14)]
    public int SessionHours { get; set; } = 8;

    /// <summary>
    /// Where the keys that sign the session and antiforgery cookies are kept; empty: ASP.NET Core's default
    /// (<c>~/.aspnet/DataProtection-Keys</c>). Several instances behind one address must share one folder.
    /// </summary>
    public string KeysFolder { get; set; } = "";

    /// <summary>
    /// How long a verified HTTP Basic credential of the admin API is taken without hashing the password again (a script
    /// that calls the API often pays the deliberately slow hashing once). A changed password, role or security stamp, or a
    /// deleted account, ends it at once; wrong passwords are never remembered. 0 turns it off.
    /// </summary>
    [Range(0, 600)]
    public int BasicAuthCacheSeconds { get; set; } = 60;

    /// <summary>Time zone for the dates shown and for the date filters (exports are in UTC).</summary>
    public string TimeZone { get; set; } = "Europe/Sofia";
}
