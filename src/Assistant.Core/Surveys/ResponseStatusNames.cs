namespace Assistant.Core.Surveys;

/// <summary>The names of <see cref="ResponseStatus"/> as stored and exported (<c>in_progress</c>, <c>completed</c>, <c>abandoned</c>).</summary>
public static class ResponseStatusNames
{
    public static string ToText(ResponseStatus status) => status switch
    {
        ResponseStatus.InProgress => "in_progress",
        ResponseStatus.Completed => "completed",
        ResponseStatus.Abandoned => "abandoned",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown survey response status."),
    };

    public static ResponseStatus Parse(string text) => text switch
    {
        "in_progress" => ResponseStatus.InProgress,
        "completed" => ResponseStatus.Completed,
        "abandoned" => ResponseStatus.Abandoned,
        _ => throw new InvalidOperationException($"Unknown survey response status '{text}' in the database."),
    };
}
