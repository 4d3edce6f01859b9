namespace Assistant.Web.Admin.Publications;

/// <summary>The desk's texts for closing surveys and publishing their results, in Bulgarian and English.</summary>
public static class PublicationDeskTexts
{
    private static readonly Dictionary<string, (string Bg, string En)> Texts = new(StringComparer.Ordinal)
    {
        ["title"] = ("Публикуване на резултатите: {0}", "Publishing the results: {0}"),
        ["link"] = ("Публикуване на резултатите", "Publish the results"),
        ["lead"] = ("Когато анкетата е затворена, резултатите ѝ могат да се публикуват на публична страница – със същата защита на малките числа като тук, без свободни отговори, канали и кампании – и да се съобщят на абонатите за резултати.",
            "Once the survey is closed, its results can be published on a public page – with the same protection of small counts as here, without open answers, channels or campaigns – and announced to the subscribers of results."),
        ["state"] = ("Състояние", "State"),
        ["open"] = ("Отворена (до {0})", "Open (until {0})"),
        ["not-yet-open"] = ("Още не е отворена (от {0})", "Not open yet (from {0})"),
        ["closed-date"] = ("Затворена: срокът ѝ изтече на {0}", "Closed: its period ended on {0}"),
        ["closed-staff"] = ("Затворена от {0} на {1}", "Closed by {0} at {1}"),
        ["published"] = ("Резултатите са публикувани от {0} на {1}:", "Results published by {0} at {1}:"),
        ["not-published"] = ("Резултатите не са публикувани.", "The results are not published."),
        ["close"] = ("Затвори анкетата сега", "Close the survey now"),
        ["close-hint"] = ("Нови отговори вече няма да се приемат; който я попълва в момента, ще бъде уведомен, а дадените отговори остават.",
            "No new responses will be taken; anyone in the middle of it is told so, and the answers already given stay."),
        ["publish"] = ("Публикувай резултатите", "Publish the results"),
        ["republish"] = ("Публикувай отново с днешните числа", "Publish again with today's figures"),
        ["publish-hint"] = ("Числата се изчисляват сега, от попълнените докрай отговори, и остават такива, докато не ги публикувате отново.",
            "The figures are worked out now, from the completed responses, and stay as they are until you publish again."),
        ["publish-needs-closed"] = ("Резултатите могат да се публикуват само след като анкетата е затворена.", "Results can be published only once the survey is closed."),
        ["announce"] = ("Съобщи на абонатите за резултати от анкети", "Announce it to the subscribers of survey results"),
        ["announce-bg"] = ("Съобщение на български", "Announcement in Bulgarian"),
        ["announce-en"] = ("Съобщение на английски", "Announcement in English"),
        ["announce-default-bg"] = ("Публикувахме резултатите от анкетата „{0}“ – вижте какво казахте и какво правим с това: {1}",
            "Публикувахме резултатите от анкетата „{0}“ – вижте какво казахте и какво правим с това: {1}"),
        ["announce-default-en"] = ("The results of the survey \"{0}\" are out – see what you told us and what we are doing with it: {1}",
            "The results of the survey \"{0}\" are out – see what you told us and what we are doing with it: {1}"),
        ["unpublish"] = ("Свали резултатите", "Take the results down"),
        ["note"] = ("Какво правим с това (бележка към резултатите)", "What we are doing with this (the outcome note)"),
        ["note-bg"] = ("На български", "In Bulgarian"),
        ["note-en"] = ("На английски", "In English"),
        ["note-hint"] = ("Обикновен текст; празен ред започва нов абзац. Показва се на публичната страница и може да се променя и след публикуването.",
            "Plain text; a blank line starts a new paragraph. Shown on the public page, and can be changed after publishing too."),
        ["note-save"] = ("Запази бележката", "Save the note"),
        ["note-too-long"] = ("Бележката може да е до {0} знака на език.", "The note can have up to {0} characters per language."),
        ["announce-empty"] = ("Напишете съобщението и на двата езика (до {0} знака) или махнете отметката.",
            "Write the announcement in both languages (up to {0} characters) or untick the box."),
        ["done-close"] = ("Анкетата е затворена.", "The survey is closed."),
        ["done-already-closed"] = ("Анкетата вече беше затворена.", "The survey was closed already."),
        ["done-publish"] = ("Резултатите са публикувани.", "The results are published."),
        ["done-publish-announced"] = ("Резултатите са публикувани и съобщението до абонатите е изпратено за доставка.",
            "The results are published and the announcement to the subscribers is on its way."),
        ["done-unpublish"] = ("Резултатите са свалени.", "The results are taken down."),
        ["done-note"] = ("Бележката е запазена.", "The note is saved."),
        ["reviewer"] = ("Само администратор може да затваря анкети и да публикува резултати.", "Only an admin can close surveys and publish results."),
    };

    public static string Get(string language, string key) => language == "en" ? Texts[key].En : Texts[key].Bg;
}
