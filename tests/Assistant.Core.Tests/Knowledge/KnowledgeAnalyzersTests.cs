using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Standard;

namespace Assistant.Core.Tests.Knowledge;

public sealed class KnowledgeAnalyzersTests
{
    // Every script the analyzers may meet, in capitals, mixed and lower case; none of the words is a stop word.
    [Theory]
    [InlineData("СТРАТЕГИЯТА ДИГИТАЛНА Трансформация СоФиЯ")]
    [InlineData("ЀЛКА ЍСКРА ЁЛКА ЂАК ЏЕП ЃОРЃИ")]                 // the Cyrillic capitals outside А..Я
    [InlineData("ICC DCC SDTS Sofia TRACKS")]
    [InlineData("İSTANBUL ΣΟΦΊΑ ÜBERSICHT ŁÓDŹ")]                 // Turkish, Greek, German and Polish capitals
    [InlineData("ПРОЕКТ2024 Ωmega Зelena 𝐀𝐁𝐂 ＦＵＬＬ")]            // letters of two scripts in one word, astral and full-width letters
    [InlineData("малки букви цифри 22.10.2020")]
    public void Lower_case_every_letter_exactly_as_Lucene_does(string text)
    {
        using var reference = Analyzer.NewAnonymous((_, reader) =>
        {
            var source = new StandardTokenizer(KnowledgeAnalyzers.Version, reader);
            return new TokenStreamComponents(source, new LowerCaseFilter(KnowledgeAnalyzers.Version, source));
        });
        using var bulgarian = KnowledgeAnalyzers.Bulgarian(BulgarianStemming.None, stopWords: true);

        var expected = KnowledgeAnalyzers.Terms(reference, "q", text);
        Assert.Equal(expected, KnowledgeAnalyzers.Terms(bulgarian, "q", text));
        Assert.Contains(expected, t => t.Any(char.IsLetter));
    }

    [Theory]
    [InlineData("КАКВО Е ICC", "icc")]
    [InlineData("WHAT IS THE SANDBOX", "sandbox")]
    public void Stop_words_in_capitals_are_still_stop_words(string text, string onlyTerm)
    {
        using var bulgarian = KnowledgeAnalyzers.Bulgarian(BulgarianStemming.None, stopWords: true);
        using var english = KnowledgeAnalyzers.English(stopWords: true);
        var analyzer = text.Any(c => c is >= 'А' and <= 'я') ? bulgarian : english;
        Assert.Equal([onlyTerm], KnowledgeAnalyzers.Terms(analyzer, "q", text));
    }
}
