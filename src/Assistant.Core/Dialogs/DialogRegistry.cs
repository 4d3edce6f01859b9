namespace Assistant.Core.Dialogs;

/// <summary>Finds dialogs by id. Dialogs are stateless singletons; their state lives in frames.</summary>
public sealed class DialogRegistry
{
    private readonly Dictionary<string, Dialog> _dialogs = new(StringComparer.Ordinal);

    public DialogRegistry(IEnumerable<Dialog> dialogs)
    {
        foreach (var dialog in dialogs)
        {
            Add(dialog);
        }
    }

    public void Add(Dialog dialog)
    {
        if (!_dialogs.TryAdd(dialog.Id, dialog))
        {
            throw new InvalidOperationException($"Two dialogs have the id '{dialog.Id}'.");
        }
    }

    public Dialog? Find(string id) => _dialogs.GetValueOrDefault(id);
}
