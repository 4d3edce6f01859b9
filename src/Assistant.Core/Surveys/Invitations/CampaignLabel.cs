namespace Assistant.Core.Surveys.Invitations;

/// <summary>
/// A campaign label ("poster-metro", "newsletter-dec"): 1–40 characters of Latin letters, digits, "-", "_" and ".",
/// so it reads the same in a link, a CSV file and a filter.
/// </summary>
public static class CampaignLabel
{
    public const int MaxLength = 40;

    public static bool IsValid(string? label) =>
        label is { Length: > 0 and <= MaxLength } && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
