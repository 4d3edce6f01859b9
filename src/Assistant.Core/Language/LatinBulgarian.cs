using System.Buffers;
using System.Collections.Frozen;
using System.Text;

namespace Assistant.Core.Language;

/// <summary>
/// Bulgarian typed in Latin script ("shlyokavitsa"): folds it to Cyrillic and tells it apart from English.
/// Pure functions with static tables; both run on every user message, so they allocate at most the result string.
/// </summary>
/// <remarks>
/// Folding rules (case-insensitive, longest match first; folded words come out lower-case). The choices follow what
/// people type and, where a spelling is ambiguous, what is more frequent in the Bulgarian knowledge-base text:
/// <list type="bullet">
/// <item><c>sht</c>/<c>6t</c> → щ, <c>sh</c>/<c>6</c> → ш, <c>ch</c>/<c>4</c> → ч, <c>zh</c> → ж
/// (but "izh…" and "razho…" → изх/разхо: "izhod", "razhodi").</item>
/// <item><c>ts</c> → ц, except before t or k ("otstapka", "detski"); <c>c</c> → ц ("cena", "rabotilnica");
/// <c>w</c> → в; <c>x</c> and <c>h</c> → х.</item>
/// <item><c>j</c> → ж ("moje", "kaji", "grajdansko"), because that is its common use; й only where ж is
/// implausible: word-final after a vowel ("koj", "kraj"), after a vowel before s/t ("dejstvie", "sajt") and in the
/// prefix "naj"; <c>ju</c> → ю.</item>
/// <item><c>q</c> and <c>ya</c> → я; <c>yu</c> and <c>iu</c> → ю; <c>yo</c> → ьо after a consonant ("shlyokavica"),
/// else йо.</item>
/// <item><c>ia</c> → я at word start, after a vowel ("moia") and inside a word after a consonant ("triabva",
/// "goliam"); after a consonant at word end and before the articles -t/-ta → ия ("transformacia" → трансформация,
/// "strategiata" → стратегията); after c/ts inside a word → иа ("initsiativa", "socialen").</item>
/// <item><c>y</c> → й after a vowel ("deystvie", "koy"), otherwise ъ ("kyde", "pyrvi", "planyt").</item>
/// <item><c>ai</c>/<c>ei</c> before a consonant or at word end → ай/ей ("zdravei", "ignorirai", "deistvie",
/// "sait"), except after the prefixes za-, vza-, ne-, pre-, nai(s/z)- ("zainteresovani", "naistina");
/// <c>oi</c> stays ои ("koito", "koi"). Every other letter maps one to one.</item>
/// <item>4 and 6 are letters only when they touch a letter and no other digit ("u4astvam", "o6te");
/// numbers ("2020", "ICC 2", "4th") stay.</item>
/// <item>Common words typed with a/u for ъ are corrected from a short list ("vaprosi" → въпроси,
/// "sashto" → също, "bulgarski" → български, "kade" → къде), as are the endings -izam → -изъм and the
/// article -ut → -ът ("planut"). The article -at is left alone: it is also the verb ending ("imat", "mogat").</item>
/// </list>
/// Left exactly as typed: Cyrillic and other non-ASCII words, digits-only words, URLs, e-mail addresses and domains,
/// the English and brand terms the knowledge base keeps in Latin ("ICC", "city lab", "peer review", "e-government";
/// case-insensitive), and upper-case acronyms of 2–4 letters ("SDTS") unless the whole text is in capitals.
/// </remarks>
public static class LatinBulgarian
{
    private const int StackLimit = 256;
    private const int MaxLookupLength = 32;

    // English and brand terms the knowledge base keeps in Latin inside Bulgarian text (lower case; looked up lowered).
    private static readonly FrozenSet<string> KeepTerms = new[]
    {
        "icc", "dcc", "eu", "city", "cities", "lab", "labs", "challenge", "challenges", "intelligent", "digital",
        "peer", "review", "reviews", "sandbox", "mentor", "mentors", "lounge", "implementation", "innovative", "sofia",
        "smart", "eib", "dtss", "besco", "viber", "telegram", "call", "calls", "online", "workshop", "workshops",
        "needs", "assessment", "covid", "open", "data", "e-government", "e-gov", "mydata", "innovativesofia",
        "technopolis", "mckinsey", "deloitte", "kpmg", "capgemini", "arup", "tractebel", "bloomberg", "iclei",
        "easme", "eismea", "cosme", "swot", "dg", "grow", "agency", "survey", "citizen", "participation",
        "transformation", "strategy", "platform", "innovation", "initiative", "chatbot", "chat-bot", "bot", "email",
        "e-mail", "google", "facebook", "wordpress", "linkedin", "youtube", "website", "startup", "startups", "ngo",
        "ict", "it", "ai", "wifi", "wi-fi", "app", "stakeholder", "stakeholders",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Keep =
        KeepTerms.GetAlternateLookup<ReadOnlySpan<char>>();

    // Half points: positive for Bulgarian in transliteration, negative for English. ±4 for words that are clearly one
    // language, ±2 for short words that could be noise. Words of both languages ("i", "a", "do", "no", "go") are absent.
    private static readonly FrozenDictionary<string, int> WordWeights = BuildWordWeights();

    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Weights =
        WordWeights.GetAlternateLookup<ReadOnlySpan<char>>();

    // Whole words typed with a/u for ъ, after folding (never longer than the folded word).
    private static readonly FrozenDictionary<string, string> WordFixes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["каде"] = "къде", ["куде"] = "къде", ["кадето"] = "където", ["кудето"] = "където",
        ["сащо"] = "също", ["сущо"] = "също", ["сащото"] = "същото", ["сущото"] = "същото",
        ["сас"] = "със", ["сус"] = "със", ["вав"] = "във", ["вув"] = "във", ["кам"] = "към", ["сум"] = "съм",
        ["пат"] = "път", ["патя"] = "пътя", ["идей"] = "идеи", ["кум"] = "към", ["баде"] = "бъде", ["буде"] = "бъде",
        ["какав"] = "какъв", ["какув"] = "какъв", ["добар"] = "добър", ["добур"] = "добър", ["откаде"] = "откъде",
        ["откуде"] = "откъде", ["данак"] = "данък", ["напредак"] = "напредък", ["благодария"] = "благодаря",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> WordFix =
        WordFixes.GetAlternateLookup<ReadOnlySpan<char>>();

    // Word starts typed with a/u for ъ, after folding (same length on both sides).
    private static readonly (string From, string To)[] PrefixFixList =
    [
        ("вапр", "въпр"), ("вупр", "въпр"), ("парв", "първ"), ("пурв", "първ"), ("савет", "съвет"), ("сувет", "съвет"),
        ("сабит", "събит"), ("субит", "събит"), ("сабот", "събот"), ("субот", "събот"), ("садарж", "съдърж"),
        ("садърж", "съдърж"), ("сазда", "създа"), ("сузда", "създа"), ("изпалн", "изпълн"), ("изпулн", "изпълн"),
        ("попалн", "попълн"), ("популн", "попълн"), ("палн", "пълн"), ("балгар", "българ"), ("булгар", "българ"),
        ("даржав", "държав"), ("дуржав", "държав"), ("сагла", "съгла"), ("сугла", "съгла"), ("саобщ", "съобщ"),
        ("суобщ", "съобщ"), ("састо", "състо"), ("сусто", "състо"), ("сатруд", "сътруд"), ("сутруд", "сътруд"),
        ("тарс", "търс"), ("ватр", "вътр"), ("вутр", "вътр"), ("сащест", "същест"), ("сущест", "същест"),
        ("сащн", "същн"), ("сущн", "същн"), ("вкащ", "вкъщ"), ("вкущ", "вкъщ"), ("всащ", "всъщ"), ("всущ", "всъщ"),
        ("вразк", "връзк"), ("врузк", "връзк"), ("сварз", "свърз"), ("свурз", "свърз"), ("сварж", "свърж"),
        ("свурж", "свърж"), ("сварш", "свърш"), ("свурш", "свърш"), ("продалж", "продълж"), ("продулж", "продълж"),
        ("задалж", "задълж"), ("задулж", "задълж"), ("далг", "дълг"), ("варх", "върх"), ("вурх", "върх"),
        ("варв", "върв"), ("вурв", "върв"), ("раковод", "ръковод"), ("руковод", "ръковод"), ("сахран", "съхран"),
        ("сухран", "съхран"), ("достап", "достъп"), ("доступ", "достъп"), ("стапк", "стъпк"), ("ступк", "стъпк"),
        ("пясач", "пясъч"), ("пясуч", "пясъч"), ("препорач", "препоръч"), ("препоруч", "препоръч"),
        ("присаств", "присъств"), ("присуств", "присъств"), ("присаед", "присъед"), ("присуед", "присъед"),
        ("вавед", "въвед"), ("вувед", "въвед"), ("обарн", "обърн"), ("обурн", "обърн"), ("данац", "данъц"),
        ("дануц", "данъц"), ("четварт", "четвърт"), ("четвурт", "четвърт"),
        ("патн", "пътн"), ("путн", "пътн"), ("обсаж", "обсъж"), ("обсуж", "обсъж"), ("барз", "бърз"), ("бурз", "бърз"),
        ("англиис", "английс"), ("отстап", "отстъп"), ("отступ", "отстъп"),
    ];

    // PrefixFixList by the first two letters, so a word checks one or two entries.
    private static readonly FrozenDictionary<int, (string From, string To)[]> PrefixFixes = PrefixFixList
        .GroupBy(fix => TwoLetterKey(fix.From))
        .ToFrozenDictionary(group => group.Key, group => group.ToArray());

    private static readonly SearchValues<char> AsciiLettersAndDigits =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    private static readonly SearchValues<char> AsciiWordChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");

    // a–z → Cyrillic for the letters without a multi-letter rule of their own.
    private const string SingleLetters = "абцдефгхижклмнопярстуввхъз";

    /// <summary>
    /// Folds the Latin-script Bulgarian words of <paramref name="text"/> to lower-case Cyrillic and leaves everything
    /// else as typed (see the class remarks). Returns the same instance when nothing was folded.
    /// </summary>
    public static string ToCyrillic(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return text;
        }

        char[]? rented = null;
        Span<char> buffer = text.Length <= StackLimit
            ? stackalloc char[StackLimit]
            : (rented = ArrayPool<char>.Shared.Rent(text.Length));
        Span<char> lower = stackalloc char[MaxLookupLength];
        try
        {
            var textHasLowerCase = text.AsSpan().ContainsAnyInRange('a', 'z');
            var written = 0;
            var changed = false;
            var i = 0;
            while (i < text.Length)
            {
                if (char.IsWhiteSpace(text[i]))
                {
                    buffer[written++] = text[i++];
                    continue;
                }

                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                var chunk = text.AsSpan(start, i - start);
                if (IsAddress(chunk))
                {
                    chunk.CopyTo(buffer[written..]);
                    written += chunk.Length;
                }
                else
                {
                    written += FoldChunk(chunk, buffer[written..], lower, textHasLowerCase, ref changed);
                }
            }

            return changed ? new string(buffer[..written]) : text;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// True when <paramref name="text"/> is mostly Latin letters and reads as Bulgarian rather than English.
    /// </summary>
    /// <remarks>
    /// A small explainable score, in half points, summed over the words; Bulgarian when it reaches one point:
    /// <list type="bullet">
    /// <item>listed words: clearly Bulgarian ("kakvo", "koga", "shte", "sofiq", "mersi") +2 points, short Bulgarian
    /// words ("e", "li", "za", "na", "da") +1; English function words ("the", "what", "is", "you") −2, short ones
    /// ("to", "me", "it", "on") −1; contractions ("what's") −1. Words of both languages ("i", "a", "do", "no") count 0,
    /// and so do knowledge-base terms ("ICC", "city", "lab"), acronyms, numbers and non-Latin words;</item>
    /// <item>other words, at most ±2 points each: a 4/6 used as a letter or a q not before u +2;
    /// ya/yu after a consonant, sht or zh +1; a Bulgarian ending (-ata, -ite, -ove, -ski/-ska/-sko, -yat/-yt) +1,
    /// else a final i +1 or a final a +½;
    /// English spelling (th, wh-, -tion/-sion, -ing, -ly, oo/ou/ea) −1 each.</item>
    /// </list>
    /// So one clear Bulgarian word ("zdravei", "blagodarq") is enough, while a lone English noun ending in a
    /// ("agenda") is not.
    /// </remarks>
    public static bool LooksLikeLatinBulgarian(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        int latin = 0, otherLetters = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiLetter(c))
            {
                latin++;
            }
            else if (char.IsLetter(c))
            {
                otherLetters++;
            }
        }

        if (latin == 0 || latin <= otherLetters)
        {
            return false;
        }

        var textHasLowerCase = text.AsSpan().ContainsAnyInRange('a', 'z');
        Span<char> lower = stackalloc char[MaxLookupLength];
        var score = 0;
        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            if (char.IsWhiteSpace(span[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < span.Length && !char.IsWhiteSpace(span[i]))
            {
                i++;
            }

            var chunk = span[start..i];
            if (!IsAddress(chunk))
            {
                score += ScoreChunk(chunk, lower, textHasLowerCase);
            }
        }

        return score >= 2;
    }

    /// <summary>Whether any word of a text is a common English function word ("the", "what", "is", "you").</summary>
    public static bool HasEnglishFunctionWord(string text)
    {
        foreach (var range in text.AsSpan().SplitAny(" \t\n\r,.;:!?()\"-/"))
        {
            if (IsEnglishWord(text.AsSpan()[range]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for common English function words ("the", "what", "is", "you"), for the language detector.</summary>
    internal static bool IsEnglishWord(ReadOnlySpan<char> word)
    {
        Span<char> lower = stackalloc char[MaxLookupLength];
        return TryLower(word, lower, out var lowered) && Weights.TryGetValue(lowered, out var weight) && weight < 0;
    }

    private static int ScoreChunk(ReadOnlySpan<char> chunk, Span<char> lower, bool textHasLowerCase)
    {
        var score = 0;
        var j = 0;
        while (j < chunk.Length)
        {
            if (!IsWordChar(chunk[j]))
            {
                j++;
                continue;
            }

            var start = j;
            while (j < chunk.Length && (IsWordChar(chunk[j]) || (chunk[j] is '\'' or '-' && j + 1 < chunk.Length && IsWordChar(chunk[j + 1]))))
            {
                j++;
            }

            score += ScoreWord(chunk[start..j], lower, textHasLowerCase);
        }

        return score;
    }

    private static int ScoreWord(ReadOnlySpan<char> word, Span<char> lower, bool textHasLowerCase)
    {
        if (word.Contains('\''))
        {
            // what's, don't, I'm, city's: contractions and possessives are English.
            return -2;
        }

        if (word.ContainsAnyExcept(AsciiWordChars) || !word.ContainsAnyExceptInRange('0', '9')
            || !TryLower(word, lower, out var w))
        {
            return 0;
        }

        if (Weights.TryGetValue(w, out var weight))
        {
            return weight;
        }

        if (Keep.Contains(w) || IsAcronym(word, textHasLowerCase) || IsNumberLike(word))
        {
            return 0;
        }

        // Half points.
        var signal = 0;
        bool letterDigit = false, softVowel = false;
        for (var k = 0; k < w.Length; k++)
        {
            var c = w[k];
            letterDigit |= ((c == '4' || c == '6') && IsLetterDigit(w, k)) || (c == 'q' && At(w, k + 1) != 'u');

            // ya/yu after a consonant: "spryamo", "lyubov" (English has "player", "mayor", "layer").
            softVowel |= c == 'y' && k > 0 && At(w, k + 1) is 'a' or 'u' && char.IsAsciiLetterLower(w[k - 1]) && !IsVowel(w[k - 1]);
        }

        if (letterDigit)
        {
            signal += 4;
        }

        if (softVowel || w.Contains("sht", StringComparison.Ordinal) || w.Contains("zh", StringComparison.Ordinal))
        {
            signal += 2;
        }

        var last = w[^1];
        if (HasBulgarianEnding(w))
        {
            signal += 2;
        }
        else if (w.Length >= 3 && w[^2] != last)
        {
            signal += last == 'i' ? 2 : last == 'a' ? 1 : 0;
        }

        if (w.Contains("th", StringComparison.Ordinal) || w.StartsWith("wh", StringComparison.Ordinal)
            || w.EndsWith("tion", StringComparison.Ordinal) || w.EndsWith("sion", StringComparison.Ordinal)
            || w.EndsWith("ing", StringComparison.Ordinal) || w.EndsWith("ly", StringComparison.Ordinal))
        {
            signal -= 2;
        }

        if (w.Contains("oo", StringComparison.Ordinal) || w.Contains("ou", StringComparison.Ordinal)
            || w.Contains("ea", StringComparison.Ordinal))
        {
            signal -= 2;
        }

        return Math.Clamp(signal, -4, 4);
    }

    // -ata (programata), -ite (temite), -ove (gradove), -ski/-ska/-sko, -yat/-yt (planyt); not "invite", "remove".
    private static bool HasBulgarianEnding(ReadOnlySpan<char> w) =>
        (w.Length >= 5 && (w.EndsWith("ata", StringComparison.Ordinal) || w.EndsWith("ski", StringComparison.Ordinal)
            || w.EndsWith("ska", StringComparison.Ordinal) || w.EndsWith("sko", StringComparison.Ordinal)
            || w.EndsWith("yat", StringComparison.Ordinal) || w.EndsWith("yt", StringComparison.Ordinal)))
        || (w.Length >= 6 && ((w.EndsWith("ite", StringComparison.Ordinal) && !EndsWithAny(w, EnglishIte))
            || (w.EndsWith("ove", StringComparison.Ordinal) && !EndsWithAny(w, EnglishOve))));

    private static readonly string[] EnglishIte = ["write", "orite", "nvite", "uite", "hite", "site", "lite", "spite"];

    private static readonly string[] EnglishOve = ["move", "prove", "love"];

    private static bool EndsWithAny(ReadOnlySpan<char> w, string[] endings)
    {
        foreach (var ending in endings)
        {
            if (w.EndsWith(ending, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static int FoldChunk(ReadOnlySpan<char> chunk, Span<char> output, Span<char> lower, bool textHasLowerCase, ref bool changed)
    {
        var written = 0;
        var j = 0;
        while (j < chunk.Length)
        {
            if (!char.IsLetterOrDigit(chunk[j]))
            {
                output[written++] = chunk[j++];
                continue;
            }

            var runEnd = j;
            while (runEnd < chunk.Length && char.IsLetterOrDigit(chunk[runEnd]))
            {
                runEnd++;
            }

            // Hyphenated terms kept whole: "e-government", "wi-fi".
            var compoundEnd = runEnd;
            while (compoundEnd + 1 < chunk.Length && chunk[compoundEnd] == '-' && char.IsLetterOrDigit(chunk[compoundEnd + 1]))
            {
                compoundEnd++;
                while (compoundEnd < chunk.Length && char.IsLetterOrDigit(chunk[compoundEnd]))
                {
                    compoundEnd++;
                }
            }

            if (compoundEnd > runEnd && IsKeepTerm(chunk[j..compoundEnd], lower))
            {
                chunk[j..compoundEnd].CopyTo(output[written..]);
                written += compoundEnd - j;
                j = compoundEnd;
                continue;
            }

            var word = chunk[j..runEnd];
            if (ShouldFold(word, lower, textHasLowerCase))
            {
                written += FoldWord(word, output[written..]);
                changed = true;
            }
            else
            {
                word.CopyTo(output[written..]);
                written += word.Length;
            }

            j = runEnd;
        }

        return written;
    }

    private static bool ShouldFold(ReadOnlySpan<char> word, Span<char> lower, bool textHasLowerCase) =>
        !word.ContainsAnyExcept(AsciiLettersAndDigits)
        && word.ContainsAnyExceptInRange('0', '9')
        && !IsKeepTerm(word, lower)
        && !IsAcronym(word, textHasLowerCase)
        && !IsNumberLike(word);

    /// <summary>Folds one run of ASCII letters and digits; writes at most <c>word.Length</c> characters.</summary>
    private static int FoldWord(ReadOnlySpan<char> word, Span<char> output)
    {
        var n = word.Length;
        var k = 0;
        var o = 0;
        while (k < n)
        {
            var c = Lower(word, k);
            var next = Lower(word, k + 1);
            var afterVowel = k > 0 && IsVowel(Lower(word, k - 1));
            switch (c)
            {
                case 's' when next == 'h':
                    if (Lower(word, k + 2) == 't')
                    {
                        output[o++] = 'щ';
                        k += 3;
                    }
                    else
                    {
                        output[o++] = 'ш';
                        k += 2;
                    }

                    break;
                case '6' when IsLetterDigit(word, k):
                    if (next == 't')
                    {
                        output[o++] = 'щ';
                        k += 2;
                    }
                    else
                    {
                        output[o++] = 'ш';
                        k++;
                    }

                    break;
                case '4' when IsLetterDigit(word, k):
                    output[o++] = 'ч';
                    k++;
                    break;
                case 'c' when next == 'h':
                    output[o++] = 'ч';
                    k += 2;
                    break;
                case 'z' when next == 'h' && !IsZhException(word, k):
                    output[o++] = 'ж';
                    k += 2;
                    break;
                case 't' when next == 's' && Lower(word, k + 2) != 't' && Lower(word, k + 2) != 'k':
                    output[o++] = 'ц';
                    k += 2;
                    break;
                case 'y':
                    if (next == 'a' || next == 'u')
                    {
                        output[o++] = next == 'a' ? 'я' : 'ю';
                        k += 2;
                    }
                    else if (next == 'o')
                    {
                        output[o++] = k > 0 && !afterVowel ? 'ь' : 'й';
                        output[o++] = 'о';
                        k += 2;
                    }
                    else
                    {
                        output[o++] = afterVowel ? 'й' : 'ъ';
                        k++;
                    }

                    break;
                case 'i' when next == 'a':
                    if (k == 0 || afterVowel)
                    {
                        output[o++] = 'я';
                        k += 2;
                    }
                    else if (IsArticleEnding(word[(k + 2)..]))
                    {
                        output[o++] = 'и';
                        output[o++] = 'я';
                        k += 2;
                    }
                    else if (Lower(word, k - 1) == 'c' || (Lower(word, k - 1) == 's' && Lower(word, k - 2) == 't'))
                    {
                        output[o++] = 'и';
                        k++;
                    }
                    else
                    {
                        output[o++] = 'я';
                        k += 2;
                    }

                    break;
                case 'i' when next == 'u':
                    output[o++] = 'ю';
                    k += 2;
                    break;
                case 'i' when k > 0 && Lower(word, k - 1) is 'a' or 'e' && !IsAsciiVowelAt(word, k + 1) && !IsPrefixBeforeI(word, k):
                    output[o++] = 'й';
                    k++;
                    break;
                case 'j' when next == 'u':
                    output[o++] = 'ю';
                    k += 2;
                    break;
                case 'j' when (afterVowel && (k == n - 1 || next is 's' or 't'))
                    || (k == 2 && Lower(word, 0) == 'n' && Lower(word, 1) == 'a'):
                    output[o++] = 'й';
                    k++;
                    break;
                case >= 'a' and <= 'z':
                    output[o++] = SingleLetters[c - 'a'];
                    k++;
                    break;
                default:
                    output[o++] = word[k];
                    k++;
                    break;
            }
        }

        return FixHardSign(output[..o]);
    }

    /// <summary>Corrects a/u typed for ъ (and a few other common misfolds) in place; returns the new length.</summary>
    private static int FixHardSign(Span<char> folded)
    {
        if (folded.Length <= 10 && WordFix.TryGetValue(folded, out var whole))
        {
            whole.AsSpan().CopyTo(folded);
            return whole.Length;
        }

        if (folded.Length >= 4 && PrefixFixes.TryGetValue(TwoLetterKey(folded), out var fixes))
        {
            foreach (var (from, to) in fixes)
            {
                if (folded.StartsWith(from, StringComparison.Ordinal))
                {
                    to.AsSpan().CopyTo(folded);
                    break;
                }
            }
        }

        // -изъм typed -izam/-izum: "turizam", "mehanizam".
        if (folded.Length > 5 && (folded.EndsWith("изам", StringComparison.Ordinal) || folded.EndsWith("изум", StringComparison.Ordinal)))
        {
            folded[^2] = 'ъ';
        }

        // The article -ът typed -ut: "planut", "shefut" (but "institut", "marshrut", "atribut").
        if (folded.Length >= 5 && folded[^2] == 'у' && folded[^1] == 'т' && folded[^3] is not ('т' or 'р' or 'б' or 'а' or 'е' or 'и' or 'о' or 'у' or 'ъ' or 'я' or 'ю'))
        {
            folded[^2] = 'ъ';
        }

        return folded.Length;
    }

    private static int TwoLetterKey(ReadOnlySpan<char> word) => (word[0] << 16) | word[1];

    // "" (strategia), "t" (obshtinskiat) or "ta" (strategiata) after "ia".
    private static bool IsArticleEnding(ReadOnlySpan<char> rest) =>
        rest.Length == 0
        || (rest.Length == 1 && Lower(rest, 0) == 't')
        || (rest.Length == 2 && Lower(rest, 0) == 't' && Lower(rest, 1) == 'a');

    // A vowel (or the end of the word) at k: "ai"/"ei" before a consonant or at the end is ай/ей.
    private static bool IsAsciiVowelAt(ReadOnlySpan<char> word, int k) =>
        k < word.Length && (IsVowel(Lower(word, k)) || !char.IsAsciiLetter(word[k]));

    // Prefixes before a root starting with i keep и: "zainteresovan", "vzaimno", "naistina", "neizvesten", "preimenuvan".
    private static bool IsPrefixBeforeI(ReadOnlySpan<char> word, int k)
    {
        if (k + 1 >= word.Length)
        {
            return false;
        }

        var prefix = word[..k];
        return prefix.Equals("za", StringComparison.OrdinalIgnoreCase)
            || prefix.Equals("ne", StringComparison.OrdinalIgnoreCase)
            || prefix.Equals("vza", StringComparison.OrdinalIgnoreCase)
            || prefix.Equals("pre", StringComparison.OrdinalIgnoreCase)
            || (prefix.Equals("na", StringComparison.OrdinalIgnoreCase) && Lower(word, k + 1) is 's' or 'z');
    }

    // "izhod" is из-ход and "razhodi" раз-ходи, not ж.
    private static bool IsZhException(ReadOnlySpan<char> word, int k) =>
        (k == 1 && Lower(word, 0) == 'i')
        || (k == 2 && Lower(word, 0) == 'r' && Lower(word, 1) == 'a' && Lower(word, 4) == 'o');

    /// <summary>A 4 or 6 used as a letter: touches a letter and no other digit ("u4astvam", "6te"; not "2024", "46").</summary>
    private static bool IsLetterDigit(ReadOnlySpan<char> word, int k)
    {
        var before = k > 0 ? word[k - 1] : ' ';
        var after = k + 1 < word.Length ? word[k + 1] : ' ';
        return !char.IsAsciiDigit(before) && !char.IsAsciiDigit(after)
            && (char.IsAsciiLetter(before) || char.IsAsciiLetter(after));
    }

    private static bool IsAcronym(ReadOnlySpan<char> word, bool textHasLowerCase) =>
        textHasLowerCase && word.Length is >= 2 and <= 4 && !word.ContainsAnyExceptInRange('A', 'Z');

    // "4th", "21st", "2nd" (English ordinals) and "4G", "3D" (a number and a capital) are numbers, not words.
    private static bool IsNumberLike(ReadOnlySpan<char> word)
    {
        var digits = word.IndexOfAnyExceptInRange('0', '9');
        if (digits <= 0)
        {
            return false;
        }

        var suffix = word[digits..];
        return (suffix.Length == 1 && char.IsAsciiLetterUpper(suffix[0]))
            || suffix.Equals("st", StringComparison.OrdinalIgnoreCase) || suffix.Equals("nd", StringComparison.OrdinalIgnoreCase)
            || suffix.Equals("rd", StringComparison.OrdinalIgnoreCase) || suffix.Equals("th", StringComparison.OrdinalIgnoreCase);
    }

    // URLs, e-mail addresses and domains ("innovativesofia.bg") stay as typed.
    private static bool IsAddress(ReadOnlySpan<char> chunk)
    {
        if (chunk.Contains("://", StringComparison.Ordinal) || chunk.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var at = chunk.IndexOf('@');
        if (at > 0 && chunk[(at + 1)..].Contains('.'))
        {
            return true;
        }

        var trimmed = chunk.TrimEnd(".,;:!?)]}\"'");
        var dot = trimmed.LastIndexOf('.');
        if (dot < 2 || !char.IsAsciiLetter(trimmed[dot - 1]) || !char.IsAsciiLetter(trimmed[dot - 2]))
        {
            return false;
        }

        var tld = trimmed[(dot + 1)..];
        return tld.Length is >= 2 and <= 4 && !tld.ContainsAnyExceptInRange('a', 'z');
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || (c > 127 && char.IsLetter(c));

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    /// <summary>The ASCII letter or digit at <paramref name="k"/> in lower case; '\0' past the end.</summary>
    private static char Lower(ReadOnlySpan<char> word, int k) => k < word.Length ? (char)(word[k] | 0x20) : '\0';

    private static char At(ReadOnlySpan<char> word, int k) => k < word.Length ? word[k] : '\0';

    /// <summary>The ASCII <paramref name="word"/> lower-cased into <paramref name="buffer"/>; false when too long or not ASCII.</summary>
    private static bool TryLower(ReadOnlySpan<char> word, Span<char> buffer, out ReadOnlySpan<char> lowered)
    {
        if (word.Length > buffer.Length || Ascii.ToLower(word, buffer, out var written) != OperationStatus.Done)
        {
            lowered = default;
            return false;
        }

        lowered = buffer[..written];
        return true;
    }

    private static bool IsKeepTerm(ReadOnlySpan<char> word, Span<char> lower) =>
        TryLower(word, lower, out var lowered) && Keep.Contains(lowered);

    private static FrozenDictionary<string, int> BuildWordWeights()
    {
        var weights = new Dictionary<string, int>(StringComparer.Ordinal);

        // Clearly Bulgarian: question words, pronouns, common verbs and the topics of this assistant.
        const string bulgarian =
            "kakvo kakva kakvi kakav kakuv kakyv kakvoto koi koj koy koq koya koia koe koito koeto koqto koyato koiato "
            + "kak kade kyde kude kadeto kydeto kudeto koga kogato zashto za6to zasto zashtoto shte 6te shtom "
            + "tova tozi tazi tezi tuk tam sega veche oshte o6te samo mnogo malko imame ima imam imat imash imate "
            + "nqma nyama niama iska iskam iskash iskate moga mojesh mozhesh moje mozhe mojem mozhem mojete mozhete "
            + "mogat kaji kazhi kajete kazhete molq molya molia blagodarq blagodarya blagodaria blagodarim mersi "
            + "zdravei zdravey zdraveite zdraveyte zdravejte zdrasti zdr dobar dobur dobyr dobro dobre den vecher "
            + "chao 4ao kolko sme ste sam sum sym sushto sashto syshto neshto ne6to nishto ni6to vseki vsichki vsi4ki "
            + "vsichko vsi4ko drugi drug druga che 4e ako ili obache ama zatova kato pri sled predi mezhdu mejdu okolo "
            + "sreshtu protiv bez prez kam kym kum vav vyv vuv sas sys sus az nie vie toi tq tya men mene teb tebe "
            + "nas vas tqh tyah moq moya tvoi tvoq negov neq trqbva tryabva triabva razbirash razbiram razbira "
            + "govorish govorq govorya znam znaesh pravq pravish napravq napravya vidq vidya vidia "
            + "grad grada gradat gradyt gradut gradove gradovete obshtina ob6tina obshtinata ob6tinata obshtinski "
            + "obshtinskiq obshtinskia strategiq strategiya strategia strategiata strategiqta strategiyata "
            + "plana planyt planat deistvie deystvie dejstvie uchastva u4astva uchastvam u4astvam uchastvat u4astvat "
            + "uchastie u4astie uchastieto programa programata proekt proekti proekta rezultati rezultat "
            + "anketa anketi anketata vapros vaprosi vupros vuprosi vypros vyprosi otgovor otgovori pomosht pomo6t "
            + "pomogni pomognesh pomogne6 pomogne ezik bulgarski balgarski bylgarski angliiski angliyski angliski "
            + "kmet kmeta kmetut savet syvet suvet danni dannite lichni li4ni informaciq informacia informatsiya "
            + "informaciya ekip ekipa chovek 4ovek hora horata dnes utre vchera v4era godina godini godinata mesec "
            + "sedmica cena ceni tsena tseni bezplatno upravlenie grajdani grazhdani grajdansko grazhdansko inovacii "
            + "inovativna inovativni inovativen digitalna digitalni digitalen digitalizaciq digitalizacia "
            + "digitalizatsiya transformaciq transformacia transformatsiya transformaciya sait saita stranica "
            + "stranitsa rabota raboti rabotq rabotilnica rabotilnitsa rabotilnici sreshta sre6ta sreshti zapisvane "
            + "zapisha zapi6a temi temite oblasti napravlenie rabotna edin edna edno dva dve tri chetiri pyrvi parvi "
            + "purvi vtori treti zapochna zapo4na zapochva zapo4va svarshi priklyuchi prodalzhava kraj krai kraq "
            + "privet dovizhdane dovijdane skoro izkustven intelekt umeesh sajt sayt "
            + "izbira izbor sofiq sofiya sofiyska sofiiska stolicata ot";
        foreach (var word in bulgarian.Split(' '))
        {
            weights[word] = 4;
        }

        // Short Bulgarian words that are not English but are weak evidence alone.
        foreach (var word in "e li sa da ne na za v s mi se si ti ni vi gi po".Split(' '))
        {
            weights[word] = 2;
        }

        // English function words and very frequent chat words.
        const string english =
            "the is what whats how hows when who whom whose why where which of and in for does did are was were "
            + "can could would should will my you your yours we our they their them this that these those there "
            + "here with about from have has had its not any many much more some than then also just only into "
            + "after before tell please thanks thank hello bye yes want know like get got dont cant im ive been being "
            + "anything something someone";
        foreach (var word in english.Split(' '))
        {
            weights[word] = -4;
        }

        // Short English words that also occur in Bulgarian chat or acronyms.
        foreach (var word in "to me it on at by or if as be am all hi hey need".Split(' '))
        {
            weights[word] = -2;
        }

        return weights.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
