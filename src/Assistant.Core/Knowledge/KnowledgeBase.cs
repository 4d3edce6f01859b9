namespace Assistant.Core.Knowledge;

/// <summary>All entries of <c>dialogs/knowledge/</c>, with a version that changes whenever the content does.</summary>
public sealed class KnowledgeBase
{
    private readonly Dictionary<string, KnowledgeEntry> _byId;

    public KnowledgeBase(IReadOnlyList<KnowledgeEntry> entries, string version)
    {
        Entries = entries;
        Version = version;
        _byId = entries.ToDictionary(e => e.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<KnowledgeEntry> Entries { get; }

    /// <summary>A short hash of the content; stored with every answer so transcripts say which content answered.</summary>
    public string Version { get; }

    public KnowledgeEntry? Find(string id) => _byId.GetValueOrDefault(id);
}
