namespace Assistant.Core.Tests.Support;

public static class TestPaths
{
    /// <summary>The repository's dialogs/ folder, found above the test binaries.</summary>
    public static string DialogsFolder { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "dialogs");
            if (File.Exists(Path.Combine(candidate, "texts.bg.yaml")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("dialogs/ not found above " + AppContext.BaseDirectory);
    }
}
