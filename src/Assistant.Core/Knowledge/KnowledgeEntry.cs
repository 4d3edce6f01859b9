namespace Assistant.Core.Knowledge;

/// <summary>One question/answer entry of the knowledge base, with sample questions and the answer in each language.</summary>
public sealed record KnowledgeEntry(
    string Id,
    KnowledgeKind Kind,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> FollowUps,
    KnowledgeText Bg,
    KnowledgeText En,
    string SourceFile)
{
    public KnowledgeText In(string lang) => lang == Localization.Lang.En ? En : Bg;
}

/// <summary>The sample questions (how people ask) and the Markdown answer in one language.</summary>
public sealed record KnowledgeText(IReadOnlyList<string> Questions, string Answer);

public enum KnowledgeKind
{
    Topic,
    SmallTalk,
}
