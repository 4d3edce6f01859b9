using System.Text.Json.Nodes;
using Assistant.Core.Knowledge;
using Assistant.Core.Language;
using Assistant.Core.Tests.Support;

namespace Assistant.Core.Tests.Knowledge;

public sealed class KnowledgeLoaderTests : IDisposable
{
    private readonly List<string> _folders = [];

    // The `### ` headings of the topic catalogue (shared knowledge/topics.md), copied here so the tests read nothing outside the repository.
    private static readonly string[] TopicIds =
    [
        "icc-overview", "icc-origin-dcc", "icc-participating-cities", "icc-timeline", "icc-thematic-tracks", "icc-city-labs",
        "icc-peer-review", "icc-support-mentoring", "icc-organisers", "icc-phase1-results", "icc-second-edition",
        "sofia-icc-participation", "sofia-icc-focus-track", "sofia-2nd-city-lab", "sofia-icc-action-plan", "sofia-icc-results",
        "sofia-bulgarian-icc-cities",
        "strategy-overview", "strategy-development-process", "strategy-focus-areas", "strategy-mission-goals", "strategy-approval",
        "strategy-action-plan", "strategy-sandbox", "strategy-eib-support", "strategy-implementation",
        "team-innovative-sofia", "team-directorate-mission", "team-leadership", "team-icc-experts", "team-other-projects",
        "maturity-analysis-overview", "maturity-stakeholder-workshops", "maturity-priority-solutions", "maturity-report",
        "participate-workshops", "participate-surveys", "participate-public-icc-events", "participate-sofia-chooses",
        "participate-business-academia",
        "bot-capabilities", "bot-privacy", "bot-delete-data", "bot-language", "bot-contact-human", "bot-limits",
    ];

    private static readonly string[] SmallTalkIds =
    [
        "smalltalk-hello", "smalltalk-thanks", "smalltalk-who-are-you", "smalltalk-how-are-you", "smalltalk-bye",
    ];

    [Fact]
    public void The_topic_list_has_the_46_catalogue_topics_once_each()
    {
        Assert.Equal(46, TopicIds.Length);
        Assert.Equal(TopicIds.Length, TopicIds.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_repository_knowledge_loads_with_every_catalogue_topic_and_the_small_talk()
    {
        var knowledge = KnowledgeLoader.Load(TestPaths.DialogsFolder);

        foreach (var id in TopicIds)
        {
            var entry = knowledge.Find(id);
            Assert.True(entry is not null, $"topic {id} is missing from dialogs/knowledge");
            Assert.Equal(KnowledgeKind.Topic, entry.Kind);
        }

        foreach (var id in SmallTalkIds)
        {
            var entry = knowledge.Find(id);
            Assert.True(entry is not null, $"small talk {id} is missing from dialogs/knowledge");
            Assert.Equal(KnowledgeKind.SmallTalk, entry.Kind);
            Assert.Equal("smalltalk.yaml", entry.SourceFile);
        }

        Assert.Equal("icc.yaml", knowledge.Find("icc-overview")!.SourceFile);
        Assert.Equal(["icc-origin-dcc", "icc-timeline", "sofia-icc-participation"], knowledge.Find("icc-overview")!.FollowUps);
        Assert.Contains("greeting", knowledge.Find("smalltalk-hello")!.Tags);
    }

    [Fact]
    public void Every_entry_has_at_least_twenty_trimmed_questions_and_an_answer_in_each_language()
    {
        var knowledge = KnowledgeLoader.Load(TestPaths.DialogsFolder);

        Assert.NotEmpty(knowledge.Entries);
        foreach (var entry in knowledge.Entries)
        {
            foreach (var lang in Lang.All)
            {
                var text = entry.In(lang);
                Assert.True(text.Questions.Count >= 20, $"{entry.Id} has {text.Questions.Count} {lang} questions");
                Assert.All(text.Questions, q => Assert.Equal(q.Trim(), q));
                if (entry.Kind == KnowledgeKind.Command)
                {
                    // A command replies itself; its entry only teaches the assistant how people ask for it.
                    Assert.Equal("", text.Answer);
                    Assert.StartsWith("/", entry.Command);
                    continue;
                }

                Assert.False(string.IsNullOrWhiteSpace(text.Answer), $"{entry.Id} has no {lang} answer");
                Assert.False(text.Answer.EndsWith('\n'), $"{entry.Id} {lang} answer keeps its trailing newline");
            }
        }
    }

    [Fact]
    public void Every_topic_names_its_subject_with_aliases_and_key_terms()
    {
        var knowledge = KnowledgeLoader.Load(TestPaths.DialogsFolder);

        foreach (var entry in knowledge.Entries.Where(e => e.Kind == KnowledgeKind.Topic))
        {
            foreach (var lang in Lang.All)
            {
                Assert.True(entry.In(lang).Aliases.Count >= 1, $"{entry.Id} has no {lang} alias");
                Assert.True(entry.In(lang).Terms.Count >= 5, $"{entry.Id} has {entry.In(lang).Terms.Count} {lang} terms");
            }
        }

        Assert.Contains("ICC", knowledge.Find("icc-overview")!.En.Aliases);
        Assert.Contains("Intelligent Cities Challenge", knowledge.Find("icc-overview")!.Bg.Aliases);
    }

    [Fact]
    public void The_lexicon_and_the_out_of_scope_samples_are_loaded_and_change_the_version()
    {
        var folder = CopyDialogs();
        var knowledge = KnowledgeLoader.Load(folder);

        Assert.Contains(knowledge.Lexicon.In(Lang.Bg), g => g.Canonical == "СДТС");
        Assert.True(knowledge.OutOfScopeIn(Lang.Bg).Count >= 20);
        Assert.True(knowledge.OutOfScopeIn(Lang.En).Count >= 20);

        File.AppendAllText(Path.Combine(folder, LexiconLoader.FileName), "# a comment changes the bytes\n");
        Assert.NotEqual(knowledge.Version, KnowledgeLoader.Load(folder).Version);
    }

    [Fact]
    public void Another_city_named_in_a_question_keeps_an_entry_that_never_mentions_it_from_being_stated_as_the_answer()
    {
        const string plovdiv = "Каква е дигиталната стратегия на Пловдив?";
        var folder = CopyDialogs();
        var knowledge = KnowledgeLoader.Load(folder);
        Assert.Contains("Пловдив", knowledge.Lexicon.PlacesIn(Lang.Bg));
        Assert.Contains("Barcelona", knowledge.Lexicon.PlacesIn(Lang.En));
        using (var index = KnowledgeIndex.Build(knowledge))
        {
            var matcher = new KnowledgeMatcher(knowledge, index);
            Assert.True(index.Score(plovdiv, Lang.Bg).IsElsewhere("strategy-overview"));
            Assert.NotEqual(MatchBand.Answer, matcher.Match(plovdiv).Band);
            Assert.NotEqual(MatchBand.Answer, matcher.Match("digitalna strategiya na Plovdiv").Band);
            Assert.NotEqual(MatchBand.Answer, matcher.Match("What is Barcelona's digital transformation strategy?").Band);

            // The same question about Sofia, and a city the entry itself names, are answered.
            var sofia = matcher.Match("Каква е дигиталната стратегия на София?");
            Assert.Equal((MatchBand.Answer, "strategy-overview"), (sofia.Band, sofia.Candidates[0].Id));
            var haskovo = matcher.Match("По какво работи Хасково в ICC?");
            Assert.Equal((MatchBand.Answer, "sofia-bulgarian-icc-cities"), (haskovo.Band, haskovo.Candidates[0].Id));
        }

        // It is the lexicon's list that decides: without Plovdiv in it, the strategy is no longer taken for another city's.
        var path = Path.Combine(folder, LexiconLoader.FileName);
        File.WriteAllLines(path, File.ReadAllLines(path).Where(l => l.Trim() != "- Пловдив"));
        var without = KnowledgeLoader.Load(folder);
        Assert.DoesNotContain("Пловдив", without.Lexicon.PlacesIn(Lang.Bg));
        using var plain = KnowledgeIndex.Build(without);
        Assert.False(plain.Score(plovdiv, Lang.Bg).IsElsewhere("strategy-overview"));
    }

    [Fact]
    public void A_broken_lexicon_is_refused_naming_file_line_and_field()
    {
        var folder = CopyDialogs();
        var path = Path.Combine(folder, LexiconLoader.FileName);
        var lines = File.ReadAllLines(path).ToList();
        var index = lines.FindIndex(l => l.StartsWith("    - short: ", StringComparison.Ordinal));
        lines[index] = "    - short: \"two words\"";
        File.WriteAllLines(path, lines);

        var error = Assert.Throws<ContentException>(() => KnowledgeLoader.Load(folder));

        Assert.Equal(LexiconLoader.FileName, error.File);
        Assert.Equal(index + 1, error.Line);
        Assert.EndsWith(".short", error.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void A_word_in_two_lexicon_groups_is_refused_naming_both_places()
    {
        var folder = CopyDialogs();
        var path = Path.Combine(folder, LexiconLoader.FileName);
        var text = File.ReadAllText(path);
        var synonyms = text.IndexOf("  synonyms:\n", StringComparison.Ordinal) + "  synonyms:\n".Length;
        File.WriteAllText(path, text.Insert(synonyms, "    - [стратегия, приета]\n    - [приета, гласувана]\n"));

        var error = Assert.Throws<ContentException>(() => KnowledgeLoader.Load(folder));

        Assert.Equal(LexiconLoader.FileName, error.File);
        Assert.Contains("приета", error.Message, StringComparison.Ordinal);
        Assert.Contains("already in the group at lexicon.yaml:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_of_two_entries_is_refused()
    {
        var folder = CopyDialogs();
        var file = Knowledge(folder, "strategy.yaml");
        var text = File.ReadAllText(file);
        var aliases = text.IndexOf("      aliases:\n", StringComparison.Ordinal) + "      aliases:\n".Length;
        File.WriteAllText(file, text.Insert(aliases, "        - Intelligent Cities Challenge\n"));

        var error = Assert.Throws<ContentException>(() => KnowledgeLoader.Load(folder));

        Assert.Contains("Intelligent Cities Challenge", error.Message, StringComparison.Ordinal);
        Assert.Contains("icc-overview", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_version_stays_the_same_without_changes_and_changes_with_a_file()
    {
        var folder = CopyDialogs();
        var first = KnowledgeLoader.Load(folder).Version;
        var again = KnowledgeLoader.Load(folder).Version;

        File.AppendAllText(Knowledge(folder, "team.yaml"), "# a comment changes the bytes\n");
        var changed = KnowledgeLoader.Load(folder).Version;

        Assert.Matches("^[0-9a-f]{12}$", first);
        Assert.Equal(first, again);
        Assert.Equal(first, KnowledgeLoader.Load(TestPaths.DialogsFolder).Version);
        Assert.NotEqual(first, changed);
    }

    [Fact]
    public void A_missing_knowledge_folder_is_a_content_error()
    {
        var folder = TempFolder();

        var error = Assert.Throws<ContentException>(() => KnowledgeLoader.Load(folder));

        Assert.Equal("knowledge", error.File);
    }

    [Fact]
    public void A_missing_schema_is_a_content_error()
    {
        var folder = CopyDialogs();
        File.Delete(Path.Combine(folder, "schemas", "knowledge.schema.json"));

        var error = Assert.Throws<ContentException>(() => KnowledgeLoader.Load(folder));

        Assert.Equal("knowledge.schema.json", error.File);
    }

    [Fact]
    public void A_yaml_syntax_error_names_the_file_and_the_line()
    {
        var folder = CopyDialogs();
        var line = Replace(folder, "icc.yaml", "  - id: icc-timeline", "  - id: icc-timeline: with a colon");

        var error = Assert.Throws<ContentException>(() => KnowledgeLoader.Load(folder));

        Assert.Equal("icc.yaml", error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal("(syntax)", error.Field);
    }

    [Fact]
    public void An_unclosed_bracket_is_a_syntax_error_not_a_crash()
    {
        var folder = CopyDialogs();
        var line = File.ReadAllLines(Knowledge(folder, "team.yaml")).Length + 2;
        File.AppendAllText(Knowledge(folder, "team.yaml"), "  - id: team-broken\n    tags: [unclosed, list\n");

        var error = Assert.Throws<ContentException>(() => KnowledgeLoader.Load(folder));

        Assert.Equal("team.yaml", error.File);
        Assert.Equal("(syntax)", error.Field);
        Assert.InRange(error.Line, line, line + 1);
    }

    [Fact]
    public void A_missing_answer_names_the_answer_field_and_its_language_line()
    {
        var folder = CopyDialogs();
        var entryLine = LineOf(folder, "team.yaml", "  - id: ");
        var enLine = LineOf(folder, "team.yaml", "    en:", after: entryLine);
        var answerLine = LineOf(folder, "team.yaml", "      answer: |", after: enLine);
        RemoveBlock(folder, "team.yaml", answerLine);

        var error = Assert.Throws<ContentException>(() => KnowledgeLoader.Load(folder));

        Assert.Equal("team.yaml", error.File);
        Assert.Equal(enLine, error.Line);
        Assert.Equal("entries[0].en.answer", error.Field);
        Assert.Contains("answer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_three_questions_name_the_questions_field_and_line()
    {
        var folder = CopyDialogs();
        var entryLine = LineOf(folder, "sofia.yaml", "  - id: ");
        var questionsLine = LineOf(folder, "sofia.yaml", "      questions:", after: entryLine);
        var lines = File.ReadAllLines(Knowledge(folder, "sofia.yaml")).ToList();
        // questionsLine is 1-based, so index questionsLine is the first item: keep three, drop the rest.
        var end = questionsLine + 3;
        while (lines[end].StartsWith("        - ", StringComparison.Ordinal))
        {
            lines.RemoveAt(end);
        }

        File.WriteAllLines(Knowledge(folder, "sofia.yaml"), lines);

        var error = Assert.Throws<ContentException>(() => KnowledgeLoader.Load(folder));

        Assert.Equal("sofia.yaml", error.File);
        Assert.Equal(questionsLine, error.Line);
        Assert.Equal("entries[0].bg.questions", error.Field);
        Assert.Contains("20", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_id_names_the_id_field_and_line()
    {
        var folder = CopyDialogs();
        var index = EntryIndex(folder, "icc.yaml", "icc-timeline");
        var line = Replace(folder, "icc.yaml", "  - id: icc-timeline", "  - id: ICC_Timeline");

        var error = Assert.Throws<ContentException>(() => KnowledgeLoader.Load(folder));

        Assert.Equal("icc.yaml", error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal($"entries[{index}].id", error.Field);
        Assert.Contains("^[a-z0-9]+(-[a-z0-9]+)*$", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_follow_up_names_the_follow_up_item()
    {
        var folder = CopyDialogs();
        var line = Replace(
            folder,
            "icc.yaml",
            "    followUps: [icc-origin-dcc, icc-timeline, sofia-icc-participation]",
            "    followUps: [icc-origin-dcc, no-such-topic, sofia-icc-participation]");

        var error = Assert.Throws<ContentException>(() => KnowledgeLoader.Load(folder));

        Assert.Equal("icc.yaml", error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal("entries[0].followUps[1]", error.Field);
        Assert.Contains("no-such-topic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_following_up_itself_is_named()
    {
        var folder = CopyDialogs();
        var line = Replace(
            folder,
            "icc.yaml",
            "    followUps: [icc-origin-dcc, icc-timeline, sofia-icc-participation]",
            "    followUps: [icc-overview]");

        var error = Assert.Throws<ContentException>(() => KnowledgeLoader.Load(folder));

        Assert.Equal("icc.yaml", error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal("entries[0].followUps[0]", error.Field);
    }

    [Fact]
    public void A_duplicate_id_across_two_files_names_the_second_file()
    {
        var folder = CopyDialogs();
        var firstTeamId = File.ReadAllLines(Knowledge(folder, "team.yaml")).First(l => l.StartsWith("  - id: ", StringComparison.Ordinal));
        var line = Replace(folder, "team.yaml", firstTeamId, "  - id: icc-overview");

        var error = Assert.Throws<ContentException>(() => KnowledgeLoader.Load(folder));

        Assert.Equal("team.yaml", error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal("entries[0].id", error.Field);
        Assert.Contains("icc.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_property_names_the_property_and_line()
    {
        var folder = CopyDialogs();
        var index = EntryIndex(folder, "icc.yaml", "icc-timeline");
        var line = Replace(folder, "icc.yaml", "  - id: icc-timeline", "  - id: icc-timeline\n    colour: blue") + 1;

        var error = Assert.Throws<ContentException>(() => KnowledgeLoader.Load(folder));

        Assert.Equal("icc.yaml", error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal($"entries[{index}].colour", error.Field);
        Assert.Contains("colour", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sample_question_shared_by_two_entries_is_named_whatever_its_case()
    {
        var folder = CopyDialogs();
        var line = Replace(folder, "smalltalk.yaml", "        - Thanks a lot", "        - WHAT IS ICC?");

        var error = Assert.Throws<ContentException>(() => KnowledgeLoader.Load(folder));

        Assert.Equal("smalltalk.yaml", error.File);
        Assert.Equal(line, error.Line);
        Assert.StartsWith("entries[1].en.questions[", error.Field, StringComparison.Ordinal);
        Assert.Contains("icc-overview", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_key_is_named_with_its_line()
    {
        var folder = CopyDialogs();
        var line = Replace(folder, "bot.yaml", "  - id: bot-limits", "  - id: bot-limits\n    id: bot-limits-again") + 1;

        var error = Assert.Throws<ContentException>(() => KnowledgeLoader.Load(folder));

        Assert.Equal("bot.yaml", error.File);
        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void Plain_yaml_scalars_become_json_numbers_booleans_and_nulls_and_quoted_ones_stay_strings()
    {
        var yaml = "a: 12\nb: \"12\"\nc: true\nd: 'false'\ne: ~\nf:\ng: 2024-05-01\nh: 1.5\ni: !!str 7\nj: [x, -3]\n"u8.ToArray();

        var document = YamlJsonConverter.Load("test.yaml", yaml);
        var root = document.Root!.AsObject();

        Assert.Equal(12L, root["a"]!.GetValue<long>());
        Assert.Equal("12", root["b"]!.GetValue<string>());
        Assert.True(root["c"]!.GetValue<bool>());
        Assert.Equal("false", root["d"]!.GetValue<string>());
        Assert.Null(root["e"]);
        Assert.True(root.ContainsKey("f"));
        Assert.Null(root["f"]);
        Assert.Equal("2024-05-01", root["g"]!.GetValue<string>());
        Assert.Equal("1.5", root["h"]!.GetValue<string>());
        Assert.Equal("7", root["i"]!.GetValue<string>());
        Assert.Equal(-3L, ((JsonArray)root["j"]!)[1]!.GetValue<long>());
        Assert.Equal(10, document.LineOf("/j/1"));
        Assert.Equal(10, document.LineOf("/j/1/not/there"));
    }

    public void Dispose()
    {
        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private string TempFolder()
    {
        var folder = Directory.CreateTempSubdirectory("knowledge-").FullName;
        _folders.Add(folder);
        return folder;
    }

    private string CopyDialogs()
    {
        var folder = TempFolder();
        foreach (var sub in new[] { "knowledge", "schemas" })
        {
            Directory.CreateDirectory(Path.Combine(folder, sub));
            foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.DialogsFolder, sub)))
            {
                File.Copy(file, Path.Combine(folder, sub, Path.GetFileName(file)));
            }
        }

        foreach (var file in new[] { LexiconLoader.FileName, OutOfScopeLoader.FileName })
        {
            File.Copy(Path.Combine(TestPaths.DialogsFolder, file), Path.Combine(folder, file));
        }

        return folder;
    }

    private static string Knowledge(string folder, string file) => Path.Combine(folder, "knowledge", file);

    /// <summary>The 1-based line of the first line starting with <paramref name="start"/> after line <paramref name="after"/>.</summary>
    private static int LineOf(string folder, string file, string start, int after = 0)
    {
        var lines = File.ReadAllLines(Knowledge(folder, file));
        for (var i = after; i < lines.Length; i++)
        {
            if (lines[i].StartsWith(start, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        throw new InvalidOperationException($"no line starting with \"{start}\" in {file} after line {after}");
    }

    /// <summary>Replaces the whole line <paramref name="line"/> (exact text) and returns its 1-based number.</summary>
    private static int Replace(string folder, string file, string line, string replacement)
    {
        var lines = File.ReadAllLines(Knowledge(folder, file)).ToList();
        var index = lines.IndexOf(line);
        Assert.True(index >= 0, $"{file} has no line \"{line}\"");
        lines[index] = replacement;
        File.WriteAllLines(Knowledge(folder, file), lines);
        return index + 1;
    }

    /// <summary>Removes line <paramref name="line"/> (1-based) and the more indented lines below it.</summary>
    private static void RemoveBlock(string folder, string file, int line)
    {
        var lines = File.ReadAllLines(Knowledge(folder, file)).ToList();
        var indent = lines[line - 1].Length - lines[line - 1].TrimStart().Length;
        lines.RemoveAt(line - 1);
        while (line - 1 < lines.Count
               && (lines[line - 1].Trim().Length == 0 || lines[line - 1].Length - lines[line - 1].TrimStart().Length > indent))
        {
            lines.RemoveAt(line - 1);
        }

        File.WriteAllLines(Knowledge(folder, file), lines);
    }

    private static int EntryIndex(string folder, string file, string id) =>
        File.ReadAllLines(Knowledge(folder, file))
            .Where(l => l.StartsWith("  - id: ", StringComparison.Ordinal))
            .ToList()
            .IndexOf("  - id: " + id);
}
