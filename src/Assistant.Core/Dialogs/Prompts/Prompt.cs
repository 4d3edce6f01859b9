using Assistant.Core.Conversation;

namespace Assistant.Core.Dialogs.Prompts;

/// <summary>
/// Asks a question and waits for a valid answer: recognise → complete, or explain and ask again. After
/// <see cref="PromptOptions.MaxAttempts"/> failed answers it gives up with <see cref="DialogStatus.Cancelled"/>.
/// </summary>
public abstract class Prompt<T>(string id) : Dialog(id)
{
    public override Task<DialogResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        var promptOptions = options as PromptOptions
            ?? throw new ArgumentException($"The prompt '{Id}' needs PromptOptions.", nameof(options));
        dc.SetState(new PromptState { Options = promptOptions });
        Ask(dc.Turn, promptOptions);
        return Task.FromResult(DialogResult.Waiting);
    }

    public override Task<DialogResult> ContinueAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var state = dc.GetState<PromptState>();
        var options = state.Options ?? throw new InvalidOperationException($"The prompt '{Id}' lost its options.");
        var recognition = Recognize(dc.Turn, options);
        if (recognition.Succeeded)
        {
            return Task.FromResult(DialogResult.Complete(recognition.Value));
        }

        state.Attempts++;
        dc.SetState(state);
        if (state.Attempts >= options.MaxAttempts)
        {
            dc.Turn.Reply(dc.Turn.T("prompt.too-many-attempts"));
            return Task.FromResult(DialogResult.Cancelled);
        }

        var hint = options.Retry?.Get(dc.Turn.Language) ?? dc.Turn.T(recognition.HintKey ?? "prompt.not-understood");
        dc.Turn.Reply(hint);
        Ask(dc.Turn, options);
        return Task.FromResult(DialogResult.Waiting);
    }

    public override Task RepromptAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        if (dc.GetState<PromptState>().Options is { } options)
        {
            Ask(dc.Turn, options);
        }

        return Task.CompletedTask;
    }

    protected abstract void Ask(TurnContext turn, PromptOptions options);

    protected abstract Recognition<T> Recognize(TurnContext turn, PromptOptions options);
}
