using Assistant.Core.Language;

namespace Assistant.Core.Dialogs.Prompts;

/// <summary>
/// The two answers of a yes/no question: the titles of its two buttons, in both languages, and words that answer this
/// question only. "изтрий" answers "shall I erase everything?" but would be a strange "yes" to "do you agree to take
/// part?", so such words belong to the question; the words that mean yes or no anywhere live in
/// <see cref="ConfirmPrompt"/>.
/// </summary>
public sealed record ConfirmChoices(
    LocalizedText Yes,
    LocalizedText No,
    IReadOnlyList<string>? YesSynonyms = null,
    IReadOnlyList<string>? NoSynonyms = null);
