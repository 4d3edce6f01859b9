namespace Assistant.Core.Content;

/// <summary>A content file is broken; the message names the file, the line and the field.</summary>
public sealed class ContentException(string file, long line, string field, string problem)
    : Exception($"{file}:{line}: {field}: {problem}")
{
    public string File { get; } = file;
    public long Line { get; } = line;
    public string Field { get; } = field;
}
