namespace Assistant.Core.Tests.Knowledge;

public sealed class LatinBulgarianTests
{
    [Theory]
    [InlineData("kakvo e strategiata za digitalna transformacia", "какво е стратегията за дигитална трансформация")]
    [InlineData("4esto zadavani vaprosi", "често задавани въпроси")]
    [InlineData("koi e 6efat na inovativna sofia", "кои е шефат на иновативна sofia")]
    [InlineData("kak da u4astvam v rabotilnica", "как да участвам в работилница")]
    [InlineData("kyde moga da vidq plana", "къде мога да видя плана")]
    [InlineData("shte ima li o6te anketi", "ще има ли още анкети")]
    [InlineData("koga zapochna icc programata i kolko prodalzhava", "кога започна icc програмата и колко продължава")]
    [InlineData("kakvo shte vkliu4va planyt za deistvie na sofiq", "какво ще включва планът за действие на софия")]
    [InlineData("ima li anketa koqto moga da popylnq", "има ли анкета която мога да попълня")]
    [InlineData("moje li da govorq s 4ovek ot ekipa", "може ли да говоря с човек от екипа")]
    [InlineData("razbirash li na shlyokavica", "разбираш ли на шльокавица")]
    [InlineData("ima li zadrystvane na tsarigradsko", "има ли задръстване на цариградско")]
    public void Folds_real_user_questions(string latin, string expected)
    {
        Assert.Equal(expected, LatinBulgarian.ToCyrillic(latin));
    }

    [Theory]
    [InlineData("shapka", "шапка")]
    [InlineData("6apka", "шапка")]
    [InlineData("shtastie", "щастие")]
    [InlineData("6tastie", "щастие")]
    [InlineData("chovek", "човек")]
    [InlineData("zhivot", "живот")]
    [InlineData("tsena", "цена")]
    [InlineData("cena", "цена")]
    [InlineData("wtornik", "вторник")]
    [InlineData("xora", "хора")]
    public void Folds_the_letter_clusters(string latin, string expected)
    {
        Assert.Equal(expected, LatinBulgarian.ToCyrillic(latin));
    }

    [Theory]
    [InlineData("strategia", "стратегия")]
    [InlineData("strategiq", "стратегия")]
    [InlineData("strategiata", "стратегията")]
    [InlineData("strategiqta", "стратегията")]
    [InlineData("obshtinskiat", "общинският")]
    [InlineData("initsiativa", "инициатива")]
    [InlineData("socialen", "социален")]
    [InlineData("triabva", "трябва")]
    [InlineData("moia", "моя")]
    [InlineData("iasno", "ясно")]
    public void Folds_ia_to_ya_or_iya_by_position(string latin, string expected)
    {
        Assert.Equal(expected, LatinBulgarian.ToCyrillic(latin));
    }

    [Theory]
    [InlineData("moje", "може")]
    [InlineData("grajdansko", "гражданско")]
    [InlineData("koj", "кой")]
    [InlineData("kraj", "край")]
    [InlineData("dejstvie", "действие")]
    [InlineData("sajt", "сайт")]
    [InlineData("najdobre", "найдобре")]
    [InlineData("jivot", "живот")]
    [InlineData("jug", "юг")]
    public void Folds_j_to_zh_except_where_it_can_only_be_short_i(string latin, string expected)
    {
        Assert.Equal(expected, LatinBulgarian.ToCyrillic(latin));
    }

    [Theory]
    [InlineData("kyde", "къде")]
    [InlineData("pyrvi", "първи")]
    [InlineData("deystvie", "действие")]
    [InlineData("koy", "кой")]
    [InlineData("zdravei", "здравей")]
    [InlineData("ignorirai", "игнорирай")]
    [InlineData("zainteresovani", "заинтересовани")]
    [InlineData("naistina", "наистина")]
    [InlineData("koito", "които")]
    public void Folds_y_and_final_i_after_a_vowel_to_short_i(string latin, string expected)
    {
        Assert.Equal(expected, LatinBulgarian.ToCyrillic(latin));
    }

    [Theory]
    [InlineData("kade", "къде")]
    [InlineData("sashto", "също")]
    [InlineData("bulgarski", "български")]
    [InlineData("sabitiqta", "събитията")]
    [InlineData("planut", "планът")]
    [InlineData("turizam", "туризъм")]
    [InlineData("imat", "имат")]
    public void Corrects_a_and_u_typed_for_er_in_common_words(string latin, string expected)
    {
        Assert.Equal(expected, LatinBulgarian.ToCyrillic(latin));
    }

    [Theory]
    [InlineData("izhod", "изход")]
    [InlineData("razhodi", "разходи")]
    [InlineData("otstapka", "отстъпка")]
    [InlineData("detski", "детски")]
    public void Keeps_z_h_and_t_s_apart_across_prefixes_and_suffixes(string latin, string expected)
    {
        Assert.Equal(expected, LatinBulgarian.ToCyrillic(latin));
    }

    [Theory]
    [InlineData("2020 godina", "2020 година")]
    [InlineData("5 grada sa v ICC 2", "5 града са в ICC 2")]
    [InlineData("ima li 135 ili 46", "има ли 135 или 46")]
    [InlineData("4G i 3D na 4th", "4G и 3D на 4th")]
    public void Keeps_numbers_as_digits(string latin, string expected)
    {
        Assert.Equal(expected, LatinBulgarian.ToCyrillic(latin));
    }

    [Theory]
    [InlineData("zashto sofiq e v ICC", "защо софия е в ICC")]
    [InlineData("kakvo e ICC city lab", "какво е ICC city lab")]
    [InlineData("kak raboti peer review-to v ICC", "как работи peer review-то в ICC")]
    [InlineData("kakvo se obsyjdashe na Needs Assessment workshop-a", "какво се обсъждаше на Needs Assessment workshop-а")]
    [InlineData("e-government ili e-upravlenie", "e-government или е-управление")]
    [InlineData("koi oblasti pokriva SDTS", "кои области покрива SDTS")]
    [InlineData("kak pomaga EIB za DTSS", "как помага EIB за DTSS")]
    public void Keeps_the_terms_the_knowledge_base_spells_in_Latin(string latin, string expected)
    {
        Assert.Equal(expected, LatinBulgarian.ToCyrillic(latin));
    }

    [Fact]
    public void Folds_acronyms_too_when_the_whole_text_is_in_capitals()
    {
        Assert.Equal("кога е ICC", LatinBulgarian.ToCyrillic("KOGA E ICC"));
    }

    [Fact]
    public void Leaves_urls_emails_and_domains_as_typed()
    {
        Assert.Equal(
            "пишете на info@sofia.bg или вж. https://innovativesofia.bg/za-nas и innovativesofia.bg.",
            LatinBulgarian.ToCyrillic("pishete na info@sofia.bg ili vj. https://innovativesofia.bg/za-nas i innovativesofia.bg."));
    }

    [Fact]
    public void Leaves_cyrillic_words_and_punctuation_as_typed()
    {
        Assert.Equal("Какво е City Lab? какво е това!", LatinBulgarian.ToCyrillic("Какво е City Lab? kakvo e tova!"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Какво е ICC?")]
    [InlineData("2020 👍")]
    [InlineData("ICC city lab")]
    public void Returns_the_same_instance_when_nothing_is_folded(string text)
    {
        Assert.Same(text, LatinBulgarian.ToCyrillic(text));
    }

    [Fact]
    public void Folds_text_longer_than_the_stack_buffer()
    {
        var text = string.Join(' ', Enumerable.Repeat("shte ima li o6te anketi", 40));

        var folded = LatinBulgarian.ToCyrillic(text);

        Assert.Equal(string.Join(' ', Enumerable.Repeat("ще има ли още анкети", 40)), folded);
    }

    [Theory]
    [InlineData("kakvo e strategiata za digitalna transformacia")]
    [InlineData("koi e 6efat na inovativna sofia")]
    [InlineData("kak da u4astvam v rabotilnica")]
    [InlineData("kakvo e ICC")]
    [InlineData("koga zapo4na programata")]
    [InlineData("zdravei")]
    [InlineData("blagodarq")]
    [InlineData("mersi")]
    [InlineData("recepta za musaka")]
    [InlineData("koga igrae levski")]
    [InlineData("ICC mentori")]
    [InlineData("DCC i ICC edno i sashto li sa")]
    public void Recognises_latin_script_bulgarian(string text)
    {
        Assert.True(LatinBulgarian.LooksLikeLatinBulgarian(text));
    }

    [Theory]
    [InlineData("what is the ICC")]
    [InlineData("How many cities take part?")]
    [InlineData("strategy action plan")]
    [InlineData("sofia digital strategy")]
    [InlineData("hello")]
    [InlineData("what's the DTSS trying to achieve?")]
    [InlineData("ICC agenda")]
    [InlineData("invite link")]
    [InlineData("do you like pizza?")]
    [InlineData("Какво е ICC?")]
    [InlineData("2020")]
    [InlineData("")]
    public void Does_not_take_english_or_non_latin_text_for_bulgarian(string text)
    {
        Assert.False(LatinBulgarian.LooksLikeLatinBulgarian(text));
    }

    [Fact]
    public void Tells_the_latin_questions_of_the_evaluation_set_apart()
    {
        var rows = EvaluationQuestions().Where(row => row.Lang is "bg-latn" or "en").ToList();

        var wrong = rows
            .Where(row => LatinBulgarian.LooksLikeLatinBulgarian(row.Question) != (row.Lang == "bg-latn"))
            .Select(row => row.Question)
            .ToList();

        Assert.True(rows.Count > 50);
        Assert.True(wrong.Count * 20 <= rows.Count, "Misread: " + string.Join(" | ", wrong));
    }

    /// <summary>(lang, question) rows of the development part of the evaluation set; lang is bg, bg-latn or en.</summary>
    internal static List<(string Lang, string Question)> EvaluationQuestions()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Knowledge", "knowledge-eval-dev.tsv"));
        var header = lines[0].Split('\t');
        var lang = Array.IndexOf(header, "lang");
        var question = Array.IndexOf(header, "question");
        return lines
            .Skip(1)
            .Select(line => line.Split('\t'))
            .Where(row => row.Length > Math.Max(lang, question))
            .Select(row => (row[lang], row[question]))
            .ToList();
    }
}
