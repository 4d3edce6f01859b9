namespace Assistant.Web.Admin.Announcements;

/// <summary>The desk's texts for announcements, in Bulgarian and English (placeholders as in <see cref="AdminTexts"/>).</summary>
public static class AnnouncementDeskTexts
{
    private static readonly Dictionary<string, (string Bg, string En)> Texts = new(StringComparer.Ordinal)
    {
        ["nav"] = ("Съобщения", "Announcements"),
        ["title"] = ("Съобщения до абонатите", "Announcements to subscribers"),
        ["lead"] = ("Съобщение получават само хората, които сами са се абонирали за темата му в чата. Всеки получава текста на езика, на който се е абонирал.",
            "An announcement reaches only the people who subscribed to its topic in the chat themselves. Each gets the text in the language they subscribed in."),
        ["new"] = ("Ново съобщение", "New announcement"),
        ["topic"] = ("До абонатите за", "To the subscribers of"),
        ["topic-surveys"] = ("нови анкети", "new surveys"),
        ["topic-events"] = ("събития", "events"),
        ["topic-results"] = ("резултати от анкети", "survey results"),
        ["text-bg"] = ("Текст на български", "Text in Bulgarian"),
        ["text-en"] = ("Текст на английски", "Text in English"),
        ["text-hint"] = ("Markdown: **удебелен**, _курсив_, [връзка](https://…), редове с „- “ за списък.",
            "Markdown: **bold**, _italic_, [link](https://…), lines starting with \"- \" for a list."),
        ["survey"] = ("Бутон към анкета", "Button to a survey"),
        ["survey-none"] = ("без бутон", "no button"),
        ["when"] = ("Кога", "When"),
        ["when-now"] = ("веднага", "now"),
        ["when-later"] = ("в час (часова зона на бюрото):", "at (the desk's time zone):"),
        ["preview"] = ("Преглед", "Preview"),
        ["send"] = ("Изпрати", "Send"),
        ["preview-title"] = ("Как ще изглежда", "How it will look"),
        ["preview-telegram"] = ("Telegram (HTML, както го изпраща ботът)", "Telegram (HTML, as the bot sends it)"),
        ["preview-webchat"] = ("Уеб чат (Markdown, както го получава Web Chat)", "Web chat (Markdown, as Web Chat receives it)"),
        ["created-now"] = ("Съобщението е в опашката за изпращане.", "The announcement is queued for sending."),
        ["created-later"] = ("Съобщението ще тръгне на {0}.", "The announcement will go out at {0}."),
        ["list"] = ("Изпратени и насрочени", "Sent and scheduled"),
        ["empty"] = ("Още няма съобщения.", "No announcements yet."),
        ["col-when"] = ("Кога", "When"),
        ["col-topic"] = ("Тема", "Topic"),
        ["col-text"] = ("Текст", "Text"),
        ["col-state"] = ("Състояние", "State"),
        ["col-recipients"] = ("Получатели", "Recipients"),
        ["col-sent"] = ("Изпратени", "Sent"),
        ["col-pending"] = ("Чакат", "Pending"),
        ["col-failed"] = ("Неуспешни", "Failed"),
        ["col-blocked"] = ("Блокирали бота", "Blocked the bot"),
        ["state-scheduled"] = ("насрочено", "scheduled"),
        ["state-sending"] = ("изпраща се", "sending"),
        ["state-done"] = ("изпратено", "done"),
        ["bad-topic"] = ("Изберете тема.", "Choose a topic."),
        ["text-empty"] = ("Напишете текста и на двата езика.", "Write the text in both languages."),
        ["text-too-long"] = ("Текстът е твърде дълъг (до {0} знака на език).", "The text is too long (up to {0} characters per language)."),
        ["bad-survey"] = ("Няма такава анкета.", "There is no such survey."),
        ["bad-when"] = ("Посочете дата и час във вида 2027-03-01T10:00.", "Give a date and time such as 2027-03-01T10:00."),
        ["past-when"] = ("Този момент вече е минал; изберете „веднага“ или час в бъдещето.", "That time has passed; choose \"now\" or a time in the future."),
    };

    public static string Get(string lang, string key) =>
        Texts.TryGetValue(key, out var text)
            ? lang == "en" ? text.En : text.Bg
            : throw new KeyNotFoundException($"No announcement desk text '{key}'.");
}
