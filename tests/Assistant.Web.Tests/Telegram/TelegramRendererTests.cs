using System.Text.Json.Nodes;
using Assistant.Web.Channels.Telegram;

namespace Assistant.Web.Tests.Telegram;

public sealed class TelegramRendererTests
{
    [Fact]
    public void A_plain_reply_is_quoted_as_is_with_everything_escaped()
    {
        var reply = new Activity { Text = "Вие написахте: <b>здравей</b> & **не удебелено**", TextFormat = "plain" };

        var message = Assert.Single(TelegramRenderer.Render(reply));

        Assert.Equal("Вие написахте: &lt;b&gt;здравей&lt;/b&gt; &amp; **не удебелено**", message.Html);
    }

    [Fact]
    public void A_long_answer_is_split_on_paragraph_boundaries_with_the_keyboard_on_the_last_part()
    {
        var paragraphs = Enumerable.Range(1, 30).Select(i => $"**Параграф {i}.** " + string.Concat(Enumerable.Repeat("Дума & още. ", 30))).ToList();
        var reply = new Activity
        {
            Text = string.Join("\n\n", paragraphs),
            TextFormat = "markdown",
            SuggestedActions = new SuggestedActions { Actions = [CardAction.ImBack("Още", "още")] },
        };

        var parts = TelegramRenderer.Render(reply);

        Assert.True(parts.Count > 2);
        Assert.All(parts, p => Assert.True(p.Html.Length <= TelegramRenderer.MaxMessageLength, $"{p.Html.Length} characters"));
        Assert.All(parts, p => Assert.StartsWith("<b>Параграф ", p.Html, StringComparison.Ordinal));
        Assert.All(parts.SkipLast(1), p => Assert.False(p.HasKeyboard));
        Assert.True(parts[^1].HasKeyboard);
        Assert.Equal(TelegramHtml.FromMarkdown(reply.Text), string.Join("\n\n", parts.Select(p => p.Html)));
    }

    [Fact]
    public void A_paragraph_longer_than_a_message_is_split_on_lines_then_words()
    {
        var word = string.Concat(Enumerable.Repeat("а", 50));
        var text = string.Join(" ", Enumerable.Repeat(word, 200));

        var parts = TelegramRenderer.Split(text, TelegramHtml.FromMarkdown, maxLength: 1000);

        Assert.All(parts, p => Assert.True(p.Length <= 1000));
        Assert.Equal(text, string.Join(" ", parts));
    }

    [Fact]
    public void Suggested_actions_become_choices_and_links()
    {
        var reply = new Activity
        {
            Text = "Изберете",
            SuggestedActions = new SuggestedActions
            {
                Actions =
                [
                    CardAction.ImBack("Задай въпрос", "Задай въпрос"),
                    new CardAction { Type = "openUrl", Title = "sofia.bg", Value = "https://www.sofia.bg" },
                ],
            },
        };

        var message = Assert.Single(TelegramRenderer.Render(reply));

        Assert.Equal([new TelegramButton("Задай въпрос", "Задай въпрос")], message.Choices);
        Assert.Contains(message.Keyboard.SelectMany(r => r), b => b.Url == "https://www.sofia.bg/");
    }

    [Fact]
    public void A_reply_can_ask_for_its_buttons_in_one_row()
    {
        var reply = new Activity
        {
            Text = "Оценете",
            SuggestedActions = new SuggestedActions { Actions = new[] { "Много лошо", "Лошо", "Добре", "Много добре" }.Select(t => CardAction.ImBack(t, t)).ToList() },
            ChannelData = new JsonObject { ["assistant"] = new JsonObject { ["buttonLayout"] = "row" } },
        };

        Assert.Single(Assert.Single(TelegramRenderer.Render(reply)).Keyboard);
    }

    [Fact]
    public void Callback_data_is_short_and_never_carries_the_option_text()
    {
        var data = TelegramKeyboard.CallbackData(int.MaxValue, 99);

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(data) <= 64);
        var keyboard = new TelegramKeyboard { MessageId = 7, Serial = 3, Values = ["Да", "Не"] };
        Assert.Equal("Не", keyboard.Resolve(7, TelegramKeyboard.CallbackData(3, 1)));
        Assert.Null(keyboard.Resolve(8, TelegramKeyboard.CallbackData(3, 1)));
        Assert.Null(keyboard.Resolve(7, TelegramKeyboard.CallbackData(2, 1)));
        Assert.Null(keyboard.Resolve(7, "k:3:9"));
        Assert.Null(keyboard.Resolve(7, "Не"));
    }
}
