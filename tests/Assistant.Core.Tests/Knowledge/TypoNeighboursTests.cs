using Assistant.Core.Language;
using Assistant.Core.Tests.Support;

namespace Assistant.Core.Tests.Knowledge;

public sealed class TypoNeighboursTests
{
    private static readonly string[] Vocabulary =
        ["стратег", "стратеги", "дигитал", "дигитализац", "strategy", "strategic", "sofia", "sofija", "innovation", "аа", "ааа"];

    [Theory]
    [InlineData("стратег", new[] { "стратег", "стратеги" })]
    [InlineData("сратег", new[] { "стратег" })]              // a letter left out
    [InlineData("страттег", new[] { "стратег" })]            // a letter doubled
    [InlineData("стратак", new string[0])]                  // two letters wrong
    [InlineData("strtaegy", new[] { "strategy" })]           // neighbours swapped
    [InlineData("strategu", new[] { "strategy" })]           // one letter wrong
    [InlineData("sofiya", new[] { "sofia", "sofija" })]
    [InlineData("innovaton", new[] { "innovation" })]
    [InlineData("ааааа", new string[0])]
    public void Finds_exactly_the_known_words_one_typo_away(string word, string[] expected) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal), new TypoNeighbours(Vocabulary).Find(word).Order(StringComparer.Ordinal));

    [Fact]
    public void Agrees_with_comparing_against_every_word_of_the_real_knowledge_base()
    {
        var knowledge = KnowledgeLoader.Load(TestPaths.DialogsFolder);
        var vocabulary = knowledge.Entries
            .SelectMany(e => e.Bg.Questions.Concat(e.En.Questions))
            .SelectMany(q => q.ToLowerInvariant().Split([' ', ',', '.', '?', '!'], StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var neighbours = new TypoNeighbours(vocabulary);
        var random = new Random(7);
        var probes = vocabulary.Take(400).SelectMany(w => new[] { w, Mutate(w, random), Mutate(Mutate(w, random), random) });

        foreach (var probe in probes)
        {
            var expected = vocabulary.Where(v => EditDistance.AtMostOne(v, probe)).Order(StringComparer.Ordinal);
            Assert.Equal(expected, neighbours.Find(probe).Order(StringComparer.Ordinal));
        }
    }

    private static string Mutate(string word, Random random)
    {
        if (word.Length < 2)
        {
            return word + "x";
        }

        var i = random.Next(word.Length - 1);
        return random.Next(4) switch
        {
            0 => word.Remove(i, 1),
            1 => word.Insert(i, "о"),
            2 => string.Concat(word.AsSpan(0, i), "e", word.AsSpan(i + 1)),
            _ => string.Concat(word.AsSpan(0, i), word[i + 1].ToString(), word[i].ToString(), word.AsSpan(i + 2)),
        };
    }
}
