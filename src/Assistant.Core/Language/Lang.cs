namespace Assistant.Core.Language;

/// <summary>The two languages the assistant speaks. Bulgarian is the default.</summary>
public static class Lang
{
    public const string Bg = "bg";
    public const string En = "en";

    public static readonly IReadOnlyList<string> All = [Bg, En];

    /// <summary>Maps a BCP-47 locale ("bg-BG", "en-US", "de") to bg or en; null when none was given.</summary>
    public static string? FromLocale(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale))
        {
            return null;
        }

        return locale.Trim().StartsWith("bg", StringComparison.OrdinalIgnoreCase) ? Bg : En;
    }

    public static string ToLocale(string lang) => lang == Bg ? "bg-BG" : "en-US";
}
