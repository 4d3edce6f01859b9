using System.Text.RegularExpressions;
using Assistant.Web.Channels.Telegram;

namespace Assistant.Web.Tests.Telegram;

public sealed partial class TelegramHtmlTests
{
    [Theory]
    [InlineData("**Иновативна София** и *курсив* и _също курсив_", "<b>Иновативна София</b> и <i>курсив</i> и <i>също курсив</i>")]
    [InlineData("`a<b>` код", "<code>a&lt;b&gt;</code> код")]
    [InlineData("[Източник](https://innovativesofia.bg/en/mission/)", "<a href=\"https://innovativesofia.bg/en/mission/\">Източник</a>")]
    [InlineData("- едно\n- **две**", "• едно\n• <b>две</b>")]
    [InlineData("# Заглавие", "<b>Заглавие</b>")]
    [InlineData("първи\n\n\n\nвтори\nред", "първи\n\nвтори\nред")]
    [InlineData("e_government_plan и 2 * 3 * 4", "e_government_plan и 2 * 3 * 4")]
    [InlineData("\\*не курсив\\*", "*не курсив*")]
    [InlineData("**незатворено", "**незатворено")]
    public void Markdown_of_the_dialogs_becomes_telegram_html(string markdown, string html) =>
        Assert.Equal(html, TelegramHtml.FromMarkdown(markdown));

    [Fact]
    public void User_text_quoted_in_markdown_stays_literal()
    {
        var html = TelegramHtml.FromMarkdown("Вие написахте: **<b>здравей</b> & <script>alert(1)</script>**");

        Assert.Equal("Вие написахте: <b>&lt;b&gt;здравей&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;</b>", html);
    }

    [Fact]
    public void A_link_cannot_smuggle_a_script_or_an_attribute()
    {
        Assert.Equal("кликни", TelegramHtml.FromMarkdown("[кликни](javascript:alert(1))"));
        Assert.Equal("<a href=\"https://example.org/?q=%22%3E%3Cb%3E\">x</a>", TelegramHtml.FromMarkdown("[x](https://example.org/?q=\"><b>)"));
    }

    [Fact]
    public void A_cyrillic_link_is_percent_encoded()
    {
        var html = TelegramHtml.FromMarkdown("[Източник](https://smartsofia.bg/иновативна-софия/)");

        Assert.Equal("<a href=\"https://smartsofia.bg/%D0%B8%D0%BD%D0%BE%D0%B2%D0%B0%D1%82%D0%B8%D0%B2%D0%BD%D0%B0-%D1%81%D0%BE%D1%84%D0%B8%D1%8F/\">Източник</a>", html);
    }

    [Fact]
    public void Every_knowledge_answer_and_text_renders_to_balanced_telegram_tags()
    {
        var answers = KnowledgeLoader.Load(RepoPaths.Dialogs).Entries.SelectMany(e => new[] { e.Bg.Answer, e.En.Answer });
        var texts = File.ReadAllLines(Path.Combine(RepoPaths.Dialogs, "texts.bg.yaml"))
            .Concat(File.ReadAllLines(Path.Combine(RepoPaths.Dialogs, "texts.en.yaml")));

        foreach (var markdown in answers.Concat(texts))
        {
            var html = TelegramHtml.FromMarkdown(markdown);
            var open = new Stack<string>();
            foreach (Match tag in Tag().Matches(html))
            {
                var name = tag.Groups["name"].Value;
                Assert.Contains(name, new[] { "b", "i", "a", "code" });
                if (tag.Groups["close"].Success)
                {
                    Assert.True(open.TryPop(out var top) && top == name, $"unbalanced </{name}> in: {html}");
                }
                else
                {
                    open.Push(name);
                }
            }

            Assert.Empty(open);
            Assert.DoesNotContain("**", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Html_goes_back_to_the_text_a_reader_sees()
    {
        Assert.Equal("a <b> & c", TelegramHtml.ToPlainText("<b>a</b> &lt;b&gt; &amp; <i>c</i>"));
    }

    [GeneratedRegex("<(?<close>/)?(?<name>[a-z]+)[^>]*>")]
    private static partial Regex Tag();
}
