using Assistant.Core.Language;
using Assistant.Core.Tests.Support;

namespace Assistant.Core.Tests.Content;

public sealed class TextCatalogLoaderTests
{
    [Fact]
    public void The_repository_texts_load_with_the_same_keys_in_both_languages()
    {
        var texts = TextCatalogLoader.Load(TestPaths.DialogsFolder);

        Assert.StartsWith("Здравейте", texts.Get(Lang.Bg, "greeting"), StringComparison.Ordinal);
        Assert.StartsWith("Hello", texts.Get(Lang.En, "greeting"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_syntax_error_names_the_file_and_the_line()
    {
        var folder = CopyTexts();
        File.AppendAllText(Path.Combine(folder, "texts.en.yaml"), "broken: value: with colon\n");

        var error = Assert.Throws<ContentException>(() => TextCatalogLoader.Load(folder));

        Assert.Equal("texts.en.yaml", error.File);
        Assert.Equal(File.ReadAllLines(Path.Combine(folder, "texts.en.yaml")).Length, error.Line);
    }

    [Fact]
    public void A_key_missing_in_one_language_is_named()
    {
        var folder = CopyTexts();
        File.AppendAllText(Path.Combine(folder, "texts.bg.yaml"), "only.bulgarian: Само на български\n");

        var error = Assert.Throws<ContentException>(() => TextCatalogLoader.Load(folder));

        Assert.Equal("only.bulgarian", error.Field);
        Assert.Contains("texts.en.yaml", error.Message, StringComparison.Ordinal);
    }

    private static string CopyTexts()
    {
        var folder = Directory.CreateTempSubdirectory("texts-").FullName;
        foreach (var lang in Lang.All)
        {
            File.Copy(Path.Combine(TestPaths.DialogsFolder, $"texts.{lang}.yaml"), Path.Combine(folder, $"texts.{lang}.yaml"));
        }

        return folder;
    }
}
