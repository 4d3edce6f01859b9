namespace Assistant.Web.Hosting;

/// <summary>Finds the <c>dialogs/</c> content folder: configured, or the nearest one above the program.</summary>
public static class ContentPaths
{
    public const string ConfigKey = "Content:Root";

    public static string ResolveDialogsFolder(IConfiguration configuration)
    {
        var configured = configuration[ConfigKey];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = Path.GetFullPath(configured);
            return Directory.Exists(full)
                ? full
                : throw new DirectoryNotFoundException($"{ConfigKey} points to '{full}', which does not exist.");
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "dialogs");
                if (File.Exists(Path.Combine(candidate, "texts.bg.yaml")))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"No dialogs/ folder with texts.bg.yaml was found above '{Directory.GetCurrentDirectory()}'; set {ConfigKey}.");
    }
}
