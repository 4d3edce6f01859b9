namespace Assistant.Web.Tests.Support;

public static class RepoPaths
{
    /// <summary>The repository root: the folder above the test binaries that holds Assistant.sln.</summary>
    public static string Root { get; } = Find();

    public static string Dialogs => Path.Combine(Root, "dialogs");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Assistant.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Assistant.sln not found above " + AppContext.BaseDirectory);
    }
}
