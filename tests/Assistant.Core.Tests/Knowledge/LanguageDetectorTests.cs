namespace Assistant.Core.Tests.Knowledge;

public sealed class LanguageDetectorTests
{
    [Theory]
    [InlineData("Какво е Intelligent Cities Challenge?")]
    [InlineData("какво е ICC city lab")]
    [InlineData("кога е следващият City Lab на ICC")]
    [InlineData("Кой стои зад icc?")]
    [InlineData("ICC и DCC")]
    [InlineData("Which language would you like? / На какъв език да разговаряме?")]
    public void Cyrillic_text_is_bulgarian(string text)
    {
        Assert.Equal(Lang.Bg, LanguageDetector.Detect(text));
    }

    [Theory]
    [InlineData("kakvo e ICC")]
    [InlineData("koga zapo4na programata")]
    [InlineData("zdravei")]
    [InlineData("blagodarq")]
    [InlineData("mersi")]
    [InlineData("kolko grada u4astvat v icc")]
    [InlineData("sofia ima li strategiq za digitalizaciq")]
    [InlineData("s kakvo mojesh da mi pomogne6")]
    public void Latin_script_bulgarian_is_bulgarian(string text)
    {
        Assert.Equal(Lang.Bg, LanguageDetector.Detect(text));
    }

    [Theory]
    [InlineData("what is the ICC")]
    [InlineData("How many cities take part?")]
    [InlineData("strategy action plan")]
    [InlineData("sofia digital strategy")]
    [InlineData("hello")]
    [InlineData("ICC")]
    [InlineData("who heads innovative sofia")]
    [InlineData("what does здравей mean in English and how do I say it")]
    [InlineData("Can you explain the Intelligent Cities Challenge in a few words?")]
    public void English_and_shared_terms_are_english(string text)
    {
        Assert.Equal(Lang.En, LanguageDetector.Detect(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("👍")]
    [InlineData("2020")]
    [InlineData("?! 135 :)")]
    [InlineData(null)]
    public void Text_without_letters_has_no_language(string? text)
    {
        Assert.Null(LanguageDetector.Detect(text));
    }

    [Fact]
    public void The_fallback_overload_keeps_the_current_language_for_text_without_letters()
    {
        Assert.Equal(Lang.Bg, LanguageDetector.Detect("👍", Lang.Bg));
        Assert.Equal(Lang.En, LanguageDetector.Detect("👍", Lang.En));
        Assert.Equal(Lang.En, LanguageDetector.Detect("thanks a lot", Lang.Bg));
    }

    [Fact]
    public void Detects_the_language_of_the_evaluation_questions()
    {
        var rows = LatinBulgarianTests.EvaluationQuestions();

        var wrong = rows
            .Where(row => LanguageDetector.Detect(row.Question) != (row.Lang == Lang.En ? Lang.En : Lang.Bg))
            .Select(row => $"{row.Lang}: {row.Question}")
            .ToList();

        Assert.True(rows.Count > 100);
        Assert.True(wrong.Count * 20 <= rows.Count, "Misdetected: " + string.Join(" | ", wrong));
    }
}
