using System.Globalization;
using Assistant.Core.Content;
using Assistant.Core.Language;

namespace Assistant.Core.Knowledge;

/// <summary>
/// Loads <c>dialogs/lexicon.yaml</c> (checked against <c>dialogs/schemas/lexicon.schema.json</c>). A variant may belong to
/// one group only: the same word read as two different things is refused, naming file, line and field.
/// </summary>
public static class LexiconLoader
{
    public const string FileName = "lexicon.yaml";
    public const string SchemaFileName = "lexicon.schema.json";

    /// <summary>The lexicon, or <see cref="Lexicon.Empty"/> when the file does not exist.</summary>
    public static Lexicon Load(string dialogsFolder, Action<string, byte[]>? onBytes = null)
    {
        var document = ContentFiles.LoadValidated(dialogsFolder, FileName, SchemaFileName, onBytes);
        if (document is null)
        {
            return Lexicon.Empty;
        }

        var groups = new Dictionary<string, IReadOnlyList<LexiconGroup>>();
        var places = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var lang in Lang.All)
        {
            var list = new List<LexiconGroup>();
            var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var language = document.Root![lang]!.AsObject();
            var synonyms = language["synonyms"]!.AsArray();
            for (var i = 0; i < synonyms.Count; i++)
            {
                var pointer = $"/{lang}/synonyms/{Index(i)}";
                var members = synonyms[i]!.AsArray().Select(m => ((string)m!).Trim()).ToList();
                Check(document, seen, pointer, members);
                list.Add(new LexiconGroup(members[0], members.Skip(1).ToList(), $"{document.File}:{document.LineOf(pointer)}"));
            }

            var acronyms = language["acronyms"]!.AsArray();
            for (var i = 0; i < acronyms.Count; i++)
            {
                var pointer = $"/{lang}/acronyms/{Index(i)}";
                var acronym = acronyms[i]!.AsObject();
                var members = new List<string> { ((string)acronym["short"]!).Trim() };
                members.AddRange(acronym["full"]!.AsArray().Select(f => ((string)f!).Trim()));
                Check(document, seen, pointer, members);
                list.Add(new LexiconGroup(members[0], members.Skip(1).ToList(), $"{document.File}:{document.LineOf(pointer)}"));
            }

            groups[lang] = list;
            places[lang] = language["places"] is { } named
                ? named.AsArray().Select(p => ((string)p!).Trim()).ToList()
                : [];
        }

        return new Lexicon(groups, places);
    }

    private static void Check(YamlJsonDocument document, Dictionary<string, string> seen, string pointer, List<string> members)
    {
        var where = $"{document.File}:{document.LineOf(pointer)}";
        foreach (var member in members)
        {
            if (seen.TryGetValue(member, out var first) && first != where)
            {
                throw new ContentException(document.File, document.LineOf(pointer), YamlJsonConverter.Readable(pointer),
                    $"\"{member}\" is already in the group at {first}; a word can mean one thing only");
            }

            seen[member] = where;
        }
    }

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);
}
