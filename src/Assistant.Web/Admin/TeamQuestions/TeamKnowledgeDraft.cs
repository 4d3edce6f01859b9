using System.Globalization;
using System.Text;
using Assistant.Core.TeamQuestions;
using Assistant.Web.Admin.Unanswered;

namespace Assistant.Web.Admin.TeamQuestions;

/// <summary>
/// A draft knowledge entry from an answered question: the question as its sample, the team's reply as its answer, for a
/// file in <c>dialogs/knowledge/</c>. Like the unanswered queue's suggestions, the desk never writes content itself;
/// every string is a double-quoted YAML scalar (<see cref="SuggestionYaml.Quote"/>), so what a citizen typed stays inert.
/// </summary>
public static class TeamKnowledgeDraft
{
    public static string Write(TeamQuestion question, DateTimeOffset now)
    {
        var lang = question.Language == "en" ? "en" : "bg";
        var id = "team-" + question.Reference[2..].ToLowerInvariant();
        var yaml = new StringBuilder();
        yaml.Append("# Draft knowledge entry from team question ").Append(question.Reference).Append(", made ")
            .Append(now.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(" UTC.\n")
            .Append("# Rename the id, add it under `entries:` in a file of dialogs/knowledge/, write the other language,\n")
            .Append("# add more sample questions and check the answer reads well on its own.\n")
            .Append("- id: ").Append(id).Append('\n')
            .Append("  tags: [team-question]\n")
            .Append("  ").Append(lang).Append(":\n")
            .Append("    questions:\n")
            .Append("      - ").Append(SuggestionYaml.Quote(question.Text.Trim())).Append('\n')
            .Append("    answer: ").Append(SuggestionYaml.Quote((question.Reply ?? "").Trim())).Append('\n');
        return yaml.ToString();
    }
}
