namespace Assistant.Core.Tests.Knowledge;

/// <summary>
/// A question's words the knowledge base never uses (or uses once or twice, as a sample's deliberate typo), one typo from
/// a word it does (twenty times as often), are read as that word: the typo no longer costs the answer. Words it knows,
/// short words and numbers are never touched.
/// </summary>
public sealed class SpellingCorrectorTests
{
    private static readonly string[] Words =
        ["many", "many", "many", "cities", "cities", "city", "strategy", "strategic", "стратегия", "стратегия", "стратегията", "icc", "2020"];

    [Fact]
    public void Reads_an_unknown_word_as_the_known_word_one_typo_away()
    {
        var corrected = new SpellingCorrector(Words).Correct(["how", "mnay", "citeis", "are", "in", "icc"]);
        Assert.Equal(["how", "many", "cities", "are", "in", "icc"], corrected);
    }

    [Fact]
    public void Prefers_the_more_frequent_of_two_close_words()
    {
        // "стратегиа" is one edit from both; the knowledge base says "стратегия" twice as often.
        Assert.Equal(["стратегия"], new SpellingCorrector(Words).Correct(["стратегиа"]));
    }

    [Fact]
    public void Reads_a_typo_the_samples_keep_on_purpose_as_the_common_word_it_stands_for()
    {
        var words = Enumerable.Repeat("innovative", 40).Append("inovative").Append("strategic").Concat(Enumerable.Repeat("strategy", 10));
        var corrector = new SpellingCorrector(words);
        Assert.Equal(["whats", "innovative", "sofia"], corrector.Correct(["whats", "inovative", "sofia"]));

        // "strategic" is as rare, but "strategy" is not twenty times as common: two words of their own.
        Assert.Null(corrector.Correct(["strategic", "plan"]));
    }

    [Theory]
    [InlineData("strategic")]   // known: left as typed even though "strategy" is close
    [InlineData("cty")]         // unknown but too short to tell a typo from another word
    [InlineData("2021")]        // numbers are not typos
    [InlineData("weather")]     // nothing one typo away
    public void Leaves_known_short_and_unrelated_words_alone(string word) =>
        Assert.Null(new SpellingCorrector(Words).Correct(["the", word]));

    [Theory]
    [InlineData("wich cities in bulgria are part of icc", "which cities in bulgaria are part of icc", "en")]
    [InlineData("who is responsable for the strategy implementaton", "who is responsible for the strategy implementation", "en")]
    [InlineData("кой отговраря за изпълнението на стратегията", "кой отговаря за изпълнението на стратегията", "bg")]
    [InlineData("kakvi sa temtichnite napravlenia na icc", "kakvi sa tematichnite napravlenia na icc", "bg")]
    public void A_mistyped_question_is_answered_as_the_same_question_typed_right(string mistyped, string typedRight, string lang)
    {
        var matcher = TestBot.Knowledge;
        var right = matcher.Match(typedRight, lang);
        var typo = matcher.Match(mistyped, lang);
        Assert.Equal(MatchBand.Answer, right.Band);
        Assert.Equal(right.Band, typo.Band);
        Assert.Equal(right.Candidates[0].Id, typo.Candidates[0].Id);
    }

    [Theory]
    [InlineData("bg", "кога е приета стратегията", "приета")]
    [InlineData("bg", "одобрена ли е", "одобрена")]
    [InlineData("en", "when was it adopted", "adopted")]
    public void A_content_word_whose_stem_is_spelt_like_a_stop_word_is_kept(string lang, string text, string word)
    {
        // "приета" stems to "при", which is also a preposition; it used to vanish with the stop words, and "when was the
        // strategy adopted" became "the strategy".
        using var tokenizer = new KnowledgeTokenizer(lang, TestBot.Knowledge.Knowledge.Lexicon);
        var term = Assert.Single(tokenizer.Terms(word));
        Assert.Contains(term, tokenizer.Terms(text));
        Assert.DoesNotContain(tokenizer.Terms(text), t => t.EndsWith(KnowledgeAnalyzers.StopWordMark));
    }
}
