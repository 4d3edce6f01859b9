namespace Assistant.Core.Knowledge;

/// <summary>64-bit FNV-1a, the hash the classifier's features and the typo table's keys are kept as.</summary>
internal static class Fnv1a
{
    public const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Hash(ulong hash, ulong value) => (hash ^ value) * Prime;

    public static ulong Hash(ulong hash, char c) => (hash ^ c) * Prime;

    public static ulong Hash(ulong hash, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            hash = Hash(hash, c);
        }

        return hash;
    }
}
