namespace Assistant.Core.Dialogs.Prompts;

public sealed class PromptState
{
    public PromptOptions? Options { get; set; }

    public int Attempts { get; set; }
}
