using Assistant.Core.Knowledge;
using Assistant.Core.Language;
using Assistant.Core.Tests.Support;

namespace Assistant.Core.Tests.Knowledge;

/// <summary>
/// What the index and the matcher learn and read beyond the sample questions: the facts an answer states, commands typed
/// as text, Latin letters read both ways.
/// </summary>
public sealed class KnowledgeIndexTests
{
    [Fact]
    public void A_fact_stated_only_in_an_answer_is_learned_by_the_classifier()
    {
        var knowledge = TwoEntries();
        const string question = "Which bakery supplies the croissants?";

        using var withAnswers = KnowledgeIndex.Build(knowledge);
        using var questionsOnly = KnowledgeIndex.Build(knowledge, KnowledgeIndexOptions.Default with { AnswerSentenceWeight = 0 });

        var learned = Probability(withAnswers.Score(question, Lang.En), "breakfast");
        var unlearned = Probability(questionsOnly.Score(question, Lang.En), "breakfast");
        Assert.True(learned > unlearned + 0.1, $"with the answer's sentences {learned:0.000}, without {unlearned:0.000}");
        Assert.Equal("breakfast", withAnswers.Score(question, Lang.En).Candidates[0].Id);
    }

    [Fact]
    public void A_command_typed_as_text_is_that_command_in_either_language()
    {
        var matcher = TestBot.Knowledge;
        var commands = matcher.Knowledge.Entries.Where(e => e.Kind == KnowledgeKind.Command).ToList();
        Assert.Contains(commands, e => e.Command == "/mydata");
        foreach (var entry in commands)
        {
            foreach (var lang in Lang.All)
            {
                var match = matcher.Match(entry.Command!, lang);
                Assert.Equal((MatchBand.Answer, entry.Id), (match.Band, match.Candidates[0].Id));
            }
        }
    }

    [Theory]
    [InlineData("какво е SDTS", "strategy-overview")]
    [InlineData("kakvo e SDTS", "strategy-overview")]
    [InlineData("SDTS kakvo oznachava", "strategy-overview")]
    public void A_latin_acronym_of_the_lexicon_counts_inside_cyrillic_and_among_lower_case_words(string question, string entry)
    {
        var match = TestBot.Knowledge.Match(question);
        Assert.Equal((MatchBand.Answer, entry), (match.Band, match.Candidates[0].Id));
    }

    [Theory]
    [InlineData("doklad zrelost", "maturity-report")]
    [InlineData("analiz zrelost e-upravlenie", "maturity-analysis-overview")]
    public void Latin_letter_keywords_the_detector_takes_for_english_are_also_read_as_bulgarian(string question, string entry)
    {
        Assert.Equal(Lang.En, LanguageDetector.Detect(question));
        var match = TestBot.Knowledge.Match(question);
        Assert.Equal((MatchBand.Answer, entry), (match.Band, match.Candidates[0].Id));
    }

    private static double Probability(KnowledgeScores scores, string id) =>
        scores.Candidates.FirstOrDefault(c => c.Id == id)?.Probability ?? 0;

    private static KnowledgeBase TwoEntries()
    {
        static KnowledgeEntry Entry(string id, string[] questions, string answer) =>
            new(id, KnowledgeKind.Topic, [], [], new KnowledgeText(questions, answer), new KnowledgeText(questions, answer), "test.yaml");

        var entries = new List<KnowledgeEntry>
        {
            Entry("breakfast", ["When is breakfast served?", "What time does breakfast start?", "Is there breakfast on Sunday?"],
                "Breakfast is served from 7 to 10 every day. The croissants come from the Golden Crust bakery on the corner."),
            Entry("parking", ["Where can I park?", "Is parking free?", "How many parking places are there?"],
                "Guests park free of charge in the garage under the building. There are forty places."),
        };
        var outOfScope = Lang.All.ToDictionary(lang => lang, _ => (IReadOnlyList<string>)["What is the weather like?"]);
        return new KnowledgeBase(entries, "test", Lexicon.Empty, outOfScope);
    }
}
