using System.Text;

namespace Assistant.Core.Tests.Content;

/// <summary>Content files that would hang start-up or hot reload are refused quickly, naming the file and the line.</summary>
public sealed class YamlLimitsTests
{
    [Fact]
    public void An_alias_bomb_is_refused_naming_the_file_and_line()
    {
        var yaml = new StringBuilder("a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            yaml.Append(level).Append(": &").Append(level).Append(" [")
                .Append(string.Join(", ", Enumerable.Repeat("*" + previous, 9))).Append("]\n");
        }

        // Expanded, this would be 387 million values: without the limit the load never ends.
        var error = Assert.Throws<ContentException>(() => YamlJsonConverter.Load("bomb.yaml", Encoding.UTF8.GetBytes(yaml.ToString())));

        Assert.Equal("bomb.yaml", error.File);
        Assert.InRange(error.Line, 1, 9);
        Assert.Contains("aliases", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_few_aliases_still_load()
    {
        var document = YamlJsonConverter.Load("ok.yaml", Encoding.UTF8.GetBytes("base: &b {x: 1}\none: *b\ntwo: *b\n"));

        Assert.Equal(1L, (long)document.Root!["two"]!["x"]!);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_before_it_is_built()
    {
        var yaml = new string('[', 100_000) + new string(']', 100_000);

        var error = Assert.Throws<ContentException>(() => YamlJsonConverter.Load("deep.yaml", Encoding.UTF8.GetBytes(yaml)));

        Assert.Equal("deep.yaml", error.File);
        Assert.Contains("nest deeper", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_unread()
    {
        var yaml = "text: \"" + new string('а', YamlJsonConverter.MaxFileBytes) + "\"\n";

        var error = Assert.Throws<ContentException>(() => YamlJsonConverter.Load("huge.yaml", Encoding.UTF8.GetBytes(yaml)));

        Assert.Contains("larger than", error.Message, StringComparison.Ordinal);
    }
}
