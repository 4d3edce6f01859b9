using Assistant.Core.Language;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Assistant.Core.Content;

/// <summary>Loads <c>texts.bg.yaml</c> and <c>texts.en.yaml</c> (flat maps key → sentence) and checks both have the same keys.</summary>
public static class TextCatalogLoader
{
    public static TextCatalog Load(string contentRoot)
    {
        var texts = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach (var lang in Lang.All)
        {
            var path = Path.Combine(contentRoot, $"texts.{lang}.yaml");
            texts[lang] = LoadFile(path);
        }

        var bg = texts[Lang.Bg];
        var en = texts[Lang.En];
        foreach (var key in bg.Keys.Except(en.Keys))
        {
            throw new ContentException($"texts.{Lang.En}.yaml", 0, key, "missing: every key of texts.bg.yaml needs an English text");
        }

        foreach (var key in en.Keys.Except(bg.Keys))
        {
            throw new ContentException($"texts.{Lang.Bg}.yaml", 0, key, "missing: every key of texts.en.yaml needs a Bulgarian text");
        }

        return new TextCatalog(texts);
    }

    private static Dictionary<string, string> LoadFile(string path)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new ContentException(name, 0, "(file)", "not found in " + Path.GetDirectoryName(path));
        }

        var stream = new YamlStream();
        try
        {
            using var reader = File.OpenText(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new ContentException(name, e.Start.Line, "(syntax)", e.Message);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ContentException(name, 1, "(root)", "expected a mapping of text keys to sentences");
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (valueNode is not YamlScalarNode { Value: { Length: > 0 } value })
            {
                throw new ContentException(name, valueNode.Start.Line, key, "expected a non-empty sentence");
            }

            map[key] = value.TrimEnd('\n');
        }

        return map;
    }
}
