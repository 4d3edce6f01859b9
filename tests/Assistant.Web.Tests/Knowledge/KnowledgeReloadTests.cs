using Assistant.Web.Content;
using Microsoft.Extensions.Logging.Abstractions;

namespace Assistant.Web.Tests.Knowledge;

public sealed class KnowledgeReloadTests
{
    [Fact]
    public void A_valid_change_is_served_and_a_broken_one_is_refused_while_the_last_good_content_keeps_serving()
    {
        var folder = CopyDialogs();
        using var source = new ReloadingKnowledgeSource(folder, watch: false, NullLogger<ReloadingKnowledgeSource>.Instance);
        var original = source.Current.Knowledge.Version;
        var file = Path.Combine(folder, "knowledge", "smalltalk.yaml");

        File.WriteAllText(file, File.ReadAllText(file).Replace("- Добро утро", "- Добро утро, асистенте", StringComparison.Ordinal));
        Assert.True(source.Reload());
        var changed = source.Current.Knowledge.Version;
        Assert.NotEqual(original, changed);

        File.AppendAllText(file, "  - id: Broken Id\n");
        Assert.False(source.Reload());
        Assert.Equal(changed, source.Current.Knowledge.Version);
        Assert.Equal("icc-overview", source.Current.Match("Какво е Intelligent Cities Challenge?").Top?.Id);
    }

    [Fact]
    public async Task A_file_change_is_picked_up_by_the_watcher()
    {
        var folder = CopyDialogs();
        using var source = new ReloadingKnowledgeSource(folder, watch: true, NullLogger<ReloadingKnowledgeSource>.Instance);
        var original = source.Current.Knowledge.Version;
        var file = Path.Combine(folder, "knowledge", "smalltalk.yaml");

        File.WriteAllText(file, File.ReadAllText(file).Replace("- Добро утро", "- Добро утро на всички", StringComparison.Ordinal));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (source.Current.Knowledge.Version == original && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.NotEqual(original, source.Current.Knowledge.Version);
    }

    [Fact]
    public async Task A_lexicon_change_is_picked_up_by_the_watcher_and_a_broken_lexicon_is_refused()
    {
        var folder = CopyDialogs();
        using var source = new ReloadingKnowledgeSource(folder, watch: true, NullLogger<ReloadingKnowledgeSource>.Instance);
        var lexicon = Path.Combine(folder, "lexicon.yaml");
        // "зеленчук" means nothing here until the lexicon reads it as the sandbox.
        Assert.NotEqual("strategy-sandbox", source.Current.Match("Какво е зеленчукът?").Top?.Id);

        File.WriteAllText(lexicon, File.ReadAllText(lexicon).Replace("[пясъчник,", "[пясъчник, зеленчук,", StringComparison.Ordinal));
        await WaitAsync(() => source.Current.Match("Какво е зеленчукът?").Top?.Id == "strategy-sandbox");
        Assert.Equal("strategy-sandbox", source.Current.Match("Какво е зеленчукът?").Top?.Id);
        var good = source.Current.Knowledge.Version;

        // A word in two groups is refused with file and line; the last good content keeps serving.
        File.WriteAllText(lexicon, File.ReadAllText(lexicon).Replace("  synonyms:\n", "  synonyms:\n    - [стратегия, зеленчук]\n", StringComparison.Ordinal));
        Assert.False(source.Reload());
        Assert.Equal(good, source.Current.Knowledge.Version);
        var error = Assert.Throws<Assistant.Core.Content.ContentException>(() => Assistant.Core.Knowledge.KnowledgeLoader.Load(folder));
        Assert.Equal("lexicon.yaml", error.File);
        Assert.True(error.Line > 0);
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static string CopyDialogs()
    {
        var target = Directory.CreateTempSubdirectory("dialogs-").FullName;
        foreach (var path in Directory.GetFiles(RepoPaths.Dialogs, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(RepoPaths.Dialogs, path));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(path, destination);
        }

        return target;
    }
}
