namespace Assistant.Core.Knowledge;

/// <summary>
/// The domain lexicon of <c>dialogs/lexicon.yaml</c>: per language, groups of words and phrases that mean the same here
/// ("приета", "гласувана", "одобрена") and acronyms with what they stand for ("СДТС"). Every variant of a group is read as
/// the group's canonical form, in questions and in the content alike.
/// Per language it also names other places (cities, countries): a question about one of them ("Plovdiv's digital
/// strategy") is not about an entry that never mentions that place, however close the rest of its words.
/// </summary>
public sealed class Lexicon(IReadOnlyDictionary<string, IReadOnlyList<LexiconGroup>> groups,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? places = null)
{
    public static readonly Lexicon Empty = new(new Dictionary<string, IReadOnlyList<LexiconGroup>>());

    /// <summary>The groups of one language, in file order (synonyms, then acronyms).</summary>
    public IReadOnlyList<LexiconGroup> In(string lang) => groups.TryGetValue(lang, out var list) ? list : [];

    /// <summary>The place names of one language.</summary>
    public IReadOnlyList<string> PlacesIn(string lang) => places is not null && places.TryGetValue(lang, out var list) ? list : [];
}

/// <summary>One group: the canonical form and the variants read as it.</summary>
/// <param name="Where">File and line of the group, for messages about it.</param>
public sealed record LexiconGroup(string Canonical, IReadOnlyList<string> Variants, string Where);
