using System.Net.Mail;

namespace Assistant.Core.TeamQuestions;

/// <summary>The optional e-mail a citizen may leave: one plain address ("name@example.bg"), nothing else.</summary>
public static class ContactEmail
{
    public const int MaxLength = 254;

    /// <summary>The address, trimmed, when <paramref name="text"/> is exactly one valid address; otherwise null.</summary>
    public static string? Parse(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length is 0 or > MaxLength || trimmed.Any(char.IsWhiteSpace)
            || !MailAddress.TryCreate(trimmed, out var address) || address.Address != trimmed || address.DisplayName.Length > 0)
        {
            return null;
        }

        // A reachable address has a dotted domain ("gmail.com"), without empty labels.
        var domain = address.Host;
        return domain.Contains('.', StringComparison.Ordinal) && !domain.StartsWith('.') && !domain.EndsWith('.')
            && !domain.Contains("..", StringComparison.Ordinal) && !address.User.Contains("..", StringComparison.Ordinal)
            ? trimmed
            : null;
    }
}
