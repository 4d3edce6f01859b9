namespace Assistant.Core.Knowledge;

/// <summary>The knowledge content in force now; a reload swaps it as a whole.</summary>
public interface IKnowledgeSource
{
    KnowledgeMatcher Current { get; }
}

/// <summary>Content that never changes (tests, benchmarks).</summary>
public sealed class FixedKnowledgeSource(KnowledgeMatcher matcher) : IKnowledgeSource
{
    public KnowledgeMatcher Current { get; } = matcher;
}
