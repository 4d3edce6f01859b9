using Assistant.Core.Content;

namespace Assistant.Core.Knowledge;

/// <summary>Reads one optional YAML file of <c>dialogs/</c> and checks it against its schema.</summary>
internal static class ContentFiles
{
    /// <summary>The document, or null when the file does not exist; a broken file is a <see cref="ContentException"/>.</summary>
    public static YamlJsonDocument? LoadValidated(string dialogsFolder, string fileName, string schemaFileName, Action<string, byte[]>? onBytes = null)
    {
        var path = Path.Combine(dialogsFolder, fileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        onBytes?.Invoke(fileName, bytes);
        var document = YamlJsonConverter.Load(fileName, bytes);
        SchemaValidator.FromFile(Path.Combine(dialogsFolder, "schemas", schemaFileName)).Validate(document);
        return document;
    }
}
