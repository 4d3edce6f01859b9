namespace Assistant.Core.Knowledge;

/// <summary>
/// All entries of <c>dialogs/knowledge/</c>, the domain lexicon and the out-of-scope samples, with a version that changes
/// whenever any of them does.
/// </summary>
public sealed class KnowledgeBase
{
    private readonly Dictionary<string, KnowledgeEntry> _byId;

    public KnowledgeBase(IReadOnlyList<KnowledgeEntry> entries, string version, Lexicon? lexicon = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? outOfScope = null)
    {
        Entries = entries;
        Version = version;
        Lexicon = lexicon ?? Lexicon.Empty;
        OutOfScope = outOfScope ?? new Dictionary<string, IReadOnlyList<string>>();
        _byId = entries.ToDictionary(e => e.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<KnowledgeEntry> Entries { get; }

    /// <summary>A short hash of the content; stored with every answer so transcripts say which content answered.</summary>
    public string Version { get; }

    public Lexicon Lexicon { get; }

    /// <summary>Questions per language that no entry answers (learned as a class of their own).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> OutOfScope { get; }

    public IReadOnlyList<string> OutOfScopeIn(string lang) => OutOfScope.TryGetValue(lang, out var list) ? list : [];

    public KnowledgeEntry? Find(string id) => _byId.GetValueOrDefault(id);
}
