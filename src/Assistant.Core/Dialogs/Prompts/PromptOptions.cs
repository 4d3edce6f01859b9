using Assistant.Core.Language;

namespace Assistant.Core.Dialogs.Prompts;

/// <summary>What a prompt asks, how it re-asks, and what it accepts. Kept in the frame, in both languages.</summary>
public sealed class PromptOptions
{
    public required LocalizedText Prompt { get; init; }

    /// <summary>Said before the question again when an answer was not understood; the prompt's own hint when null.</summary>
    public LocalizedText? Retry { get; init; }

    public List<PromptChoice> Choices { get; init; } = [];

    public int MaxAttempts { get; init; } = 3;

    public int MaxLength { get; init; } = 1000;
}

public sealed record PromptChoice(string Value, LocalizedText Title, IReadOnlyList<string>? Synonyms = null);
