using Assistant.Web.Channels.Telegram;
using Assistant.Web.Storage.InMemory;

namespace Assistant.Web.Tests.Telegram;

public sealed class InMemoryProcessedUpdateStoreTests : ProcessedUpdateStoreConformance
{
    private readonly InMemoryProcessedUpdateStore _store = new();

    protected override IProcessedUpdateStore CreateStore() => _store;
}
