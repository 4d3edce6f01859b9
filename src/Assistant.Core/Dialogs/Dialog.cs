namespace Assistant.Core.Dialogs;

/// <summary>
/// A unit of conversation with a lifecycle: <see cref="BeginAsync"/> when pushed, <see cref="ContinueAsync"/> for each
/// user message while on top, <see cref="ResumeAsync"/> when a child it started ends, <see cref="RepromptAsync"/>
/// after an interruption (help, language switch) so the user sees the pending question again.
/// </summary>
public abstract class Dialog(string id)
{
    public string Id { get; } = id;

    public abstract Task<DialogResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken);

    public virtual Task<DialogResult> ContinueAsync(DialogContext dc, CancellationToken cancellationToken) =>
        Task.FromResult(DialogResult.Done);

    /// <summary>By default a dialog that gets control back from an interruption asks its pending question again.</summary>
    public virtual async Task<DialogResult> ResumeAsync(DialogContext dc, DialogResult childResult, CancellationToken cancellationToken)
    {
        await RepromptAsync(dc, cancellationToken);
        return DialogResult.Waiting;
    }

    public virtual Task RepromptAsync(DialogContext dc, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Explains how to answer the pending question; false lets the general help speak instead.</summary>
    public virtual Task<bool> HelpAsync(DialogContext dc, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>
    /// The user asked to cancel. A dialog that wants a confirmation first (a survey) asks for it and returns true;
    /// false lets the cancel go ahead.
    /// </summary>
    public virtual Task<bool> CancelRequestedAsync(DialogContext dc, CancellationToken cancellationToken) => Task.FromResult(false);
}
