using System.Globalization;

namespace Assistant.Core.Language;

/// <summary>Every fixed sentence the bot says, per language, loaded from <c>dialogs/texts.{lang}.yaml</c>.</summary>
public sealed class TextCatalog(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> texts)
{
    public string Get(string lang, string key)
    {
        if (texts.TryGetValue(lang, out var map) && map.TryGetValue(key, out var text))
        {
            return text;
        }

        throw new KeyNotFoundException($"No text '{key}' for language '{lang}'.");
    }

    /// <summary>Replaces <c>{name}</c> placeholders with the given values.</summary>
    public string Format(string lang, string key, params (string Name, object Value)[] values)
    {
        var text = Get(lang, key);
        foreach (var (name, value) in values)
        {
            text = text.Replace("{" + name + "}", Convert.ToString(value, CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        return text;
    }

    public LocalizedText Both(string key) => new(Get(Lang.Bg, key), Get(Lang.En, key));
}
