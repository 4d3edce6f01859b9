using System.Globalization;
using System.Text;
using Assistant.Core.Language;
using Assistant.Web.Admin.Stores;

namespace Assistant.Web.Admin.Unanswered;

/// <summary>
/// Turns questions assigned to knowledge entries into the YAML lines to add to <c>dialogs/knowledge/</c>. The desk never
/// writes the content folder itself: content is reviewed in version control, and a written file would go live at once
/// through hot reload. Every question is a double-quoted YAML scalar with quotes, backslashes, control and invisible
/// formatting characters escaped, so whatever a citizen typed stays one inert string.
/// </summary>
public static class SuggestionYaml
{
    /// <summary>Splits suggestions into those to add and those whose text is already a sample question of the entry.</summary>
    public static (IReadOnlyList<ReviewedQuestion> ToAdd, IReadOnlyList<ReviewedQuestion> AlreadyPresent) Split(
        IReadOnlyList<ReviewedQuestion> suggestions, KnowledgeBase knowledge)
    {
        var toAdd = new List<ReviewedQuestion>();
        var present = new List<ReviewedQuestion>();
        foreach (var suggestion in suggestions)
        {
            var entry = knowledge.Find(suggestion.Resolution!.EntryId ?? "");
            var folded = TextNormalizer.Fold(suggestion.Question.Text);
            if (entry is not null && entry.In(suggestion.Question.Language).Questions.Any(q => TextNormalizer.Fold(q) == folded))
            {
                present.Add(suggestion);
            }
            else
            {
                toAdd.Add(suggestion);
            }
        }

        return (toAdd, present);
    }

    public static string Write(IReadOnlyList<ReviewedQuestion> suggestions, KnowledgeBase knowledge, DateTimeOffset now)
    {
        var yaml = new StringBuilder();
        yaml.Append("# Suggested sample questions from the staff review desk, exported ")
            .Append(now.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(" UTC.\n")
            .Append("# Add each question to the `questions:` list of its entry and language in the file named on the entry,\n")
            .Append("# check the answer still fits, then mark the suggestions as added on the desk.\n");
        if (suggestions.Count == 0)
        {
            yaml.Append("# (no suggestions waiting)\n");
            return yaml.ToString();
        }

        foreach (var byEntry in suggestions.GroupBy(s => s.Resolution!.EntryId ?? "").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var file = knowledge.Find(byEntry.Key)?.SourceFile is { } source ? Path.GetFileName(source) : "(entry not in the knowledge base)";
            yaml.Append("- id: ").Append(Quote(byEntry.Key)).Append("  # dialogs/knowledge/").Append(OneLine(file)).Append('\n');
            foreach (var byLanguage in byEntry.GroupBy(s => s.Question.Language == "en" ? "en" : "bg").OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                yaml.Append("  ").Append(byLanguage.Key).Append(":\n    questions:\n");
                foreach (var text in byLanguage.Select(s => s.Question.Text.Trim()).Distinct(StringComparer.Ordinal))
                {
                    yaml.Append("      - ").Append(Quote(text)).Append('\n');
                }
            }
        }

        return yaml.ToString();
    }

    /// <summary>A YAML double-quoted scalar that reads back as exactly <paramref name="text"/>.</summary>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"':
                    quoted.Append("\\\"");
                    break;
                case '\\':
                    quoted.Append("\\\\");
                    break;
                case '\n':
                    quoted.Append("\\n");
                    break;
                case '\r':
                    quoted.Append("\\r");
                    break;
                case '\t':
                    quoted.Append("\\t");
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        quoted.Append(c).Append(text[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        quoted.Append("\\uFFFD");
                    }
                    else if (NeedsEscape(c))
                    {
                        quoted.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        quoted.Append(c);
                    }

                    break;
            }
        }

        return quoted.Append('"').ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse;

    private static string OneLine(string text) => new(text.Where(c => !char.IsControl(c)).ToArray());
}
