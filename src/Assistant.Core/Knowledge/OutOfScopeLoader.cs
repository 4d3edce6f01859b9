using Assistant.Core.Language;

namespace Assistant.Core.Knowledge;

/// <summary>
/// Loads <c>dialogs/out-of-scope.yaml</c> (checked against <c>dialogs/schemas/out-of-scope.schema.json</c>): questions the
/// assistant must not answer from its knowledge base, learned as one more class so that they fall back honestly.
/// </summary>
public static class OutOfScopeLoader
{
    public const string FileName = "out-of-scope.yaml";
    public const string SchemaFileName = "out-of-scope.schema.json";

    /// <summary>The questions per language; empty lists when the file does not exist.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Load(string dialogsFolder, Action<string, byte[]>? onBytes = null)
    {
        var document = ContentFiles.LoadValidated(dialogsFolder, FileName, SchemaFileName, onBytes);
        return Lang.All.ToDictionary(
            lang => lang,
            lang => (IReadOnlyList<string>)(document?.Root![lang]!.AsArray().Select(q => ((string)q!).Trim()).ToList() ?? []));
    }
}
