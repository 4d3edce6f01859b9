namespace Assistant.Web.Publications;

/// <summary>The public results page's sentences in Bulgarian and English.</summary>
public static class PublicResultsTexts
{
    private static readonly Dictionary<string, (string Bg, string En)> Texts = new(StringComparer.Ordinal)
    {
        ["title"] = ("Резултати: {0}", "Results: {0}"),
        ["back"] = ("Към чата", "Back to the chat"),
        // A Bulgarian date ends in "г.", which closes the sentence too.
        ["period"] = ("Анкетата беше отворена от {0} до {1}", "The survey was open from {0} to {1}."),
        ["responses"] = ("Попълнена докрай от {0} души. Всички числа по-долу са от тези отговори.",
            "Completed by {0} people. Every figure below comes from their answers."),
        ["too-few"] = ("Анкетата попълниха твърде малко хора, за да публикуваме числа, без някой да може да бъде разпознат.",
            "Too few people completed the survey for figures to be published without anyone being recognisable."),
        ["outcome"] = ("Какво правим с това", "What we are doing with this"),
        ["asked"] = ("Въпросът беше зададен на {0} души; процентите са от тях.", "{0} people were asked this question; the percentages are of them."),
        ["asked-few"] = ("Въпросът беше зададен на малко хора.", "Few people were asked this question."),
        ["multi"] = ("Можеше да се изберат няколко отговора, затова процентите не дават сбор 100.",
            "Several answers could be chosen, so the percentages do not add up to 100."),
        ["option"] = ("Отговор", "Answer"),
        ["value"] = ("Оценка", "Rating"),
        ["count"] = ("Брой", "Count"),
        ["percent"] = ("%", "%"),
        ["hidden"] = ("скрито", "hidden"),
        ["mean"] = ("Средна оценка: {0}", "Average rating: {0}"),
        ["nps"] = ("NPS (нетна препоръка): {0} – препоръчващи (9–10): {1}, неутрални (7–8): {2}, непрепоръчващи (0–6): {3}",
            "NPS (net promoter score): {0} – promoters (9–10): {1}, passives (7–8): {2}, detractors (0–6): {3}"),
        ["open-answers"] = ("Свободните отговори се четат от екипа и не се публикуват.", "Open answers are read by the team and not published."),
        ["withheld"] = ("Не публикуваме числата за този въпрос: заедно с тези на предишния въпрос те биха издали някого.",
            "We do not publish the figures for this question: together with those of the question before it, they could single someone out."),
        ["cells-note"] = ("За да не може никой да бъде разпознат, не показваме брой, по-малък от {0}, нито друг брой, от който той би могъл да се изчисли; на тяхно място пише „скрито“.",
            "So that nobody can be recognised, we never show a count below {0}, nor any other count it could be worked out from; those say \"hidden\" instead."),
        ["published"] = ("Публикувано на {0}", "Published on {0}."),
        ["not-found-title"] = ("Няма публикувани резултати", "No published results"),
        ["not-found"] = ("За тази анкета още няма публикувани резултати. Ако искате да Ви съобщим, когато излязат, напишете „известия“ в чата и изберете „резултати от анкети“.",
            "There are no published results for this survey yet. If you would like to hear when they are out, type \"notifications\" in the chat and choose \"survey results\"."),
    };

    public static string Get(string language, string key) => language == "en" ? Texts[key].En : Texts[key].Bg;
}
