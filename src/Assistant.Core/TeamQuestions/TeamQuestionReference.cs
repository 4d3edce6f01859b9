using System.Security.Cryptography;

namespace Assistant.Core.TeamQuestions;

/// <summary>References the citizen can read out or type: "Q-" and six characters without look-alikes (no 0/O, 1/I/L).</summary>
public static class TeamQuestionReference
{
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public static string New() => "Q-" + RandomNumberGenerator.GetString(Alphabet, 6);

    /// <summary>The reference in <paramref name="text"/> ("q-7kd3qx", " Q-7KD3QX "), normalized; null when there is none.</summary>
    public static string? Parse(string? text)
    {
        var trimmed = text?.Trim().ToUpperInvariant() ?? "";
        return trimmed.Length == 8 && trimmed.StartsWith("Q-", StringComparison.Ordinal) && trimmed[2..].All(c => Alphabet.Contains(c))
            ? trimmed
            : null;
    }
}
