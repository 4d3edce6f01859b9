namespace Assistant.Core.Language;

/// <summary>A sentence in both languages, kept together so a dialog can re-ask in the language the user switches to.</summary>
public sealed record LocalizedText(string Bg, string En)
{
    public string Get(string lang) => lang == Lang.En ? En : Bg;

    public static LocalizedText Same(string text) => new(text, text);
}
