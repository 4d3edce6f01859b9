namespace Assistant.Core.Dialogs.Prompts;

/// <summary>The outcome of reading an answer: a value, or the hint key that explains what was wrong.</summary>
public sealed record Recognition<T>(bool Succeeded, T? Value, string? HintKey)
{
    public static Recognition<T> Success(T value) => new(true, value, null);

    public static Recognition<T> Failure(string hintKey) => new(false, default, hintKey);
}
