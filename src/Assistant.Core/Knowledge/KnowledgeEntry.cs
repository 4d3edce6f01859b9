using Assistant.Core.Language;


namespace Assistant.Core.Knowledge;

/// <summary>One entry of the knowledge base, with its names, key terms, sample questions and answer in each language.</summary>
/// <param name="Command">For <see cref="KnowledgeKind.Command"/>: the command it runs ("/lang en").</param>
public sealed record KnowledgeEntry(
    string Id,
    KnowledgeKind Kind,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> FollowUps,
    KnowledgeText Bg,
    KnowledgeText En,
    string SourceFile,
    string? Command = null)
{
    public KnowledgeText In(string lang) => lang == Lang.En ? En : Bg;
}

/// <summary>
/// One language of an entry: the names of its subject ("What is X?" with X an alias lands here), key terms, sample
/// questions (how people ask) and the Markdown answer (empty for a command).
/// </summary>
public sealed record KnowledgeText(IReadOnlyList<string> Questions, string Answer)
{
    public IReadOnlyList<string> Aliases { get; init; } = [];

    public IReadOnlyList<string> Terms { get; init; } = [];
}

public enum KnowledgeKind
{
    Topic,
    SmallTalk,

    /// <summary>A request that is really a command ("искам отговорите на английски"): the command runs.</summary>
    Command,
}
