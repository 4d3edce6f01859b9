using System.Text.Json;
using Assistant.Core.Conversation;

namespace Assistant.Core.Dialogs;

public enum DialogStatus
{
    /// <summary>The dialog asked something and waits for the user's next message.</summary>
    Waiting,

    /// <summary>The dialog finished; <see cref="DialogResult.Value"/> holds what it produced.</summary>
    Complete,

    /// <summary>The dialog gave up or was cancelled.</summary>
    Cancelled,
}

public sealed record DialogResult(DialogStatus Status, JsonElement? Value = null)
{
    public static readonly DialogResult Waiting = new(DialogStatus.Waiting);
    public static readonly DialogResult Cancelled = new(DialogStatus.Cancelled);

    public static DialogResult Complete<T>(T value) => new(DialogStatus.Complete, JsonSerializer.SerializeToElement(value, DialogJson.Options));

    public static DialogResult Done { get; } = new(DialogStatus.Complete);

    public T? As<T>() => Value is { } v ? v.Deserialize<T>(DialogJson.Options) : default;
}
