using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Assistant.Core.Content;
using Assistant.Core.Language;

namespace Assistant.Core.Knowledge;

/// <summary>
/// Loads <c>dialogs/knowledge/*.yaml</c>: every file is checked against <c>dialogs/schemas/knowledge.schema.json</c>,
/// then the whole set is checked for what a per-file schema cannot see (ids unique across files, follow-ups that exist,
/// sample questions and aliases not shared by two entries). The domain lexicon (<see cref="LexiconLoader"/>) and the
/// out-of-scope samples (<see cref="OutOfScopeLoader"/>) are read with it and count in its version. Any problem is a <see cref="ContentException"/> naming file, line and field;
/// fields are written like <c>entries[3].bg.questions[0]</c> with 0-based indexes.
/// </summary>
public static class KnowledgeLoader
{
    public const string KnowledgeFolderName = "knowledge";
    public const string SchemaFileName = "knowledge.schema.json";

    public static KnowledgeBase Load(string dialogsFolder)
    {
        ArgumentNullException.ThrowIfNull(dialogsFolder);
        var folder = Path.Combine(dialogsFolder, KnowledgeFolderName);
        if (!Directory.Exists(folder))
        {
            throw new ContentException(KnowledgeFolderName, 0, "(folder)", "not found in " + dialogsFolder);
        }

        var paths = Directory.EnumerateFiles(folder, "*.yaml")
            .Where(p => string.Equals(Path.GetExtension(p), ".yaml", StringComparison.Ordinal))
            .OrderBy(Path.GetFileName, StringComparer.Ordinal)
            .ToList();
        if (paths.Count == 0)
        {
            throw new ContentException(KnowledgeFolderName, 0, "(folder)", "no *.yaml files in " + folder);
        }

        var schemaPath = Path.Combine(dialogsFolder, "schemas", SchemaFileName);
        if (!File.Exists(schemaPath))
        {
            throw new ContentException(SchemaFileName, 0, "(file)", "not found in " + Path.GetDirectoryName(schemaPath));
        }

        // The first schema built in a process pays for JsonSchema.Net's start-up (its meta-schemas, ~100 ms cold);
        // build it on another thread while this one parses the YAML.
        var building = Task.Run(() => SchemaValidator.FromFile(schemaPath));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var documents = new List<YamlJsonDocument>();
        try
        {
            foreach (var path in paths)
            {
                var name = Path.GetFileName(path);
                var bytes = File.ReadAllBytes(path);
                AppendToHash(hash, name, bytes);
                documents.Add(YamlJsonConverter.Load(name, bytes));
            }
        }
        finally
        {
            // Never leave the build running or its failure unobserved, whatever the YAML did.
            try
            {
                building.Wait();
            }
            catch (AggregateException)
            {
                // Rethrown unwrapped just below, unless a YAML error is already on its way.
            }
        }

        var lexicon = LexiconLoader.Load(dialogsFolder, (name, bytes) => AppendToHash(hash, name, bytes));
        var outOfScope = OutOfScopeLoader.Load(dialogsFolder, (name, bytes) => AppendToHash(hash, name, bytes));
        var validator = building.GetAwaiter().GetResult();
        var loaded = new List<Loaded>();
        foreach (var document in documents)
        {
            validator.Validate(document);
            loaded.AddRange(Map(document));
        }

        CheckUniqueIds(loaded);
        CheckFollowUps(loaded);
        CheckQuestionsUnique(loaded);
        CheckAliasesUnique(loaded);

        var version = Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
        return new KnowledgeBase(loaded.Select(l => l.Entry).ToList(), version, lexicon, outOfScope);
    }

    private static void AppendToHash(IncrementalHash hash, string name, byte[] bytes)
    {
        // Name and length first, so moving bytes from one file to the next also changes the version.
        hash.AppendData(Encoding.UTF8.GetBytes(name));
        hash.AppendData([0]);
        hash.AppendData(BitConverter.GetBytes((long)bytes.Length));
        hash.AppendData(bytes);
    }

    /// <summary>An entry with where it came from, for errors found after all files are read.</summary>
    private sealed record Loaded(KnowledgeEntry Entry, YamlJsonDocument Document, string Pointer)
    {
        public ContentException Error(string relative, string problem)
        {
            var location = Pointer + relative;
            return new ContentException(Document.File, Document.LineOf(location), YamlJsonConverter.Readable(location), problem);
        }

        public string Where(string relative) => $"{Document.File}:{Document.LineOf(Pointer + relative)}";
    }

    // The document passed the schema, so the shapes below are guaranteed; only optional members need defaults.
    private static IEnumerable<Loaded> Map(YamlJsonDocument document)
    {
        var entries = document.Root!["entries"]!.AsArray();
        for (var i = 0; i < entries.Count; i++)
        {
            var json = entries[i]!.AsObject();
            var entry = new KnowledgeEntry(
                Id: (string)json["id"]!,
                Kind: (string?)json["kind"] switch
                {
                    "smalltalk" => KnowledgeKind.SmallTalk,
                    "command" => KnowledgeKind.Command,
                    _ => KnowledgeKind.Topic,
                },
                Tags: Strings(json["tags"]),
                FollowUps: Strings(json["followUps"]),
                Bg: Text(json["bg"]!),
                En: Text(json["en"]!),
                SourceFile: document.File,
                Command: (string?)json["command"]);
            yield return new Loaded(entry, document, "/entries/" + i.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static KnowledgeText Text(JsonNode json) =>
        new(Strings(json["questions"]).Select(q => q.Trim()).ToList(), ((string?)json["answer"] ?? "").TrimEnd('\r', '\n'))
        {
            Aliases = Strings(json["aliases"]).Select(a => a.Trim()).ToList(),
            Terms = Strings(json["terms"]).Select(t => t.Trim()).ToList(),
        };

    private static List<string> Strings(JsonNode? array) =>
        array is null ? [] : array.AsArray().Select(item => (string)item!).ToList();

    private static void CheckUniqueIds(List<Loaded> loaded)
    {
        var seen = new Dictionary<string, Loaded>(StringComparer.Ordinal);
        foreach (var item in loaded)
        {
            if (!seen.TryAdd(item.Entry.Id, item))
            {
                var first = seen[item.Entry.Id];
                throw item.Error("/id", $"duplicate id \"{item.Entry.Id}\": already defined at {first.Where("/id")}");
            }
        }
    }

    private static void CheckFollowUps(List<Loaded> loaded)
    {
        var ids = loaded.Select(l => l.Entry.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var item in loaded)
        {
            for (var i = 0; i < item.Entry.FollowUps.Count; i++)
            {
                var followUp = item.Entry.FollowUps[i];
                var at = "/followUps/" + i.ToString(CultureInfo.InvariantCulture);
                if (followUp == item.Entry.Id)
                {
                    throw item.Error(at, $"\"{followUp}\" is this entry itself; an entry cannot follow up itself");
                }

                if (!ids.Contains(followUp))
                {
                    throw item.Error(at, $"unknown id \"{followUp}\": no entry in {KnowledgeFolderName}/ has this id");
                }
            }
        }
    }

    private static void CheckQuestionsUnique(List<Loaded> loaded) =>
        CheckUnique(loaded, "questions", text => text.Questions, (value, other, at) =>
            $"the sample question \"{value}\" is also a sample of \"{other}\" ({at}); a question can lead to one entry only");

    private static void CheckAliasesUnique(List<Loaded> loaded) =>
        CheckUnique(loaded, "aliases", text => text.Aliases, (value, other, at) =>
            $"the alias \"{value}\" also names \"{other}\" ({at}); an alias names one entry only");

    /// <summary>No string of one list (per language, case-insensitive) in two entries.</summary>
    /// <param name="problem">The message from the value, the other entry's id and where it has the value.</param>
    private static void CheckUnique(List<Loaded> loaded, string field, Func<KnowledgeText, IReadOnlyList<string>> values,
        Func<string, string, string, string> problem)
    {
        foreach (var lang in Lang.All)
        {
            var seen = new Dictionary<string, (Loaded Item, int Index)>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in loaded)
            {
                var list = values(item.Entry.In(lang));
                for (var i = 0; i < list.Count; i++)
                {
                    if (seen.TryGetValue(list[i], out var first) && !ReferenceEquals(first.Item, item))
                    {
                        var firstAt = first.Item.Where($"/{lang}/{field}/{first.Index}");
                        throw item.Error($"/{lang}/{field}/{i}", problem(list[i], first.Item.Entry.Id, firstAt));
                    }

                    seen.TryAdd(list[i], (item, i));
                }
            }
        }
    }
}
