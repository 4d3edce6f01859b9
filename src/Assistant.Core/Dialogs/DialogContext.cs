using System.Text.Json;
using Assistant.Core.Conversation;

namespace Assistant.Core.Dialogs;

/// <summary>The turn plus operations on the dialog stack kept in conversation state.</summary>
public sealed class DialogContext(TurnContext turn, DialogRegistry dialogs)
{
    public TurnContext Turn { get; } = turn;

    private List<DialogFrame> Stack => Turn.Conversation.Stack;

    public DialogFrame? ActiveFrame => Stack.Count > 0 ? Stack[^1] : null;

    public Dialog? ActiveDialog => ActiveFrame is { } frame ? dialogs.Find(frame.DialogId) : null;

    public T GetState<T>() where T : new() =>
        ActiveFrame?.State is { } state ? state.Deserialize<T>(DialogJson.Options) ?? new T() : new T();

    public void SetState<T>(T state)
    {
        var frame = ActiveFrame ?? throw new InvalidOperationException("No active dialog to keep state for.");
        frame.State = JsonSerializer.SerializeToElement(state, DialogJson.Options);
    }

    /// <summary>Pushes a dialog and begins it; when it ends at once, its parent is resumed.</summary>
    public async Task<DialogResult> BeginDialogAsync(string dialogId, object? options, CancellationToken cancellationToken,
        string? contentVersion = null)
    {
        var dialog = dialogs.Find(dialogId)
            ?? throw new InvalidOperationException($"The dialog '{dialogId}' wasn't found; register it in the DialogRegistry.");
        Stack.Add(new DialogFrame { DialogId = dialogId, ContentVersion = contentVersion });
        var result = await dialog.BeginAsync(this, options, cancellationToken);
        return await EndIfDoneAsync(result, cancellationToken);
    }

    /// <summary>Hands the user's message to the active dialog.</summary>
    public async Task<DialogResult?> ContinueDialogAsync(CancellationToken cancellationToken)
    {
        var dialog = ActiveDialogOrDropUnknown();
        if (dialog is null)
        {
            return null;
        }

        var result = await dialog.ContinueAsync(this, cancellationToken);
        return await EndIfDoneAsync(result, cancellationToken);
    }

    public async Task RepromptAsync(CancellationToken cancellationToken)
    {
        if (ActiveDialogOrDropUnknown() is { } dialog)
        {
            await dialog.RepromptAsync(this, cancellationToken);
        }
    }

    public void CancelAll() => Stack.Clear();

    /// <summary>Removes the topmost frame of the given dialog and every frame above it (its children).</summary>
    public void RemoveFrom(string dialogId)
    {
        var index = Stack.FindLastIndex(f => f.DialogId == dialogId);
        if (index >= 0)
        {
            Stack.RemoveRange(index, Stack.Count - index);
        }
    }

    private Dialog? ActiveDialogOrDropUnknown()
    {
        while (ActiveFrame is { } frame)
        {
            if (dialogs.Find(frame.DialogId) is { } dialog)
            {
                return dialog;
            }

            // A frame of a dialog that no longer exists (content removed): drop it rather than fail every turn.
            Stack.RemoveAt(Stack.Count - 1);
        }

        return null;
    }

    private async Task<DialogResult> EndIfDoneAsync(DialogResult result, CancellationToken cancellationToken)
    {
        while (result.Status != DialogStatus.Waiting && Stack.Count > 0)
        {
            Stack.RemoveAt(Stack.Count - 1);
            if (ActiveDialogOrDropUnknown() is not { } parent)
            {
                break;
            }

            result = await parent.ResumeAsync(this, result, cancellationToken);
        }

        return result;
    }
}
