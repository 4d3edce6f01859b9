using Assistant.Core.InMemory;
using Assistant.Core.Knowledge;
using Assistant.Web.Channels.DirectLine;
using Assistant.Web.Channels.Telegram;
using Assistant.Web.Storage.InMemory;
using Assistant.Web.Storage;

namespace Assistant.Web.Tests.Storage;

// The conformance suites over the in-memory stores (the "memory" provider and the Core tests' stand-ins).

public sealed class InMemoryStateStoreTests : StateStoreConformance
{
    private readonly InMemoryStateStore _store = new();

    protected override IStateStore CreateStore() => _store;
}

public sealed class InMemoryActivityLogStoreTests : ActivityLogStoreConformance
{
    private InMemoryActivityLogStore? _store;

    protected override IActivityLogStore CreateStore(TimeProvider clock) => _store ??= new InMemoryActivityLogStore(clock);
}

public sealed class InMemoryTranscriptStoreTests : TranscriptStoreConformance
{
    private readonly InMemoryTranscriptStore _store = new();

    protected override ITranscriptStore CreateStore() => _store;
}

public sealed class InMemoryUnansweredStoreTests : UnansweredStoreConformance
{
    private readonly InMemoryUnansweredStore _store = new();

    protected override IUnansweredStore CreateStore() => _store;
}

public sealed class InMemoryProcessedUpdateStoreRaceTests : ProcessedUpdateStoreRaceConformance
{
    private readonly InMemoryProcessedUpdateStore _store = new();

    protected override IProcessedUpdateStore CreateStore() => _store;
}

public sealed class InMemoryAuditLogStoreTests : AuditLogStoreConformance
{
    protected override StoreSet Stores { get; } = StoreSet.Memory(TimeProvider.System);
}

public sealed class InMemoryStaffStoreTests : StaffStoreConformance
{
    protected override StoreSet Stores { get; } = StoreSet.Memory(TimeProvider.System);
}

public sealed class InMemoryUnansweredReviewStoreTests : UnansweredReviewStoreConformance
{
    protected override StoreSet Stores { get; } = StoreSet.Memory(TimeProvider.System);
}

public sealed class InMemoryStaffReportStoreTests : StaffReportStoreConformance
{
    protected override StoreSet Stores { get; } = StoreSet.Memory(TimeProvider.System);
}

public sealed class InMemoryPrivacyStoreTests : PrivacyStoreConformance
{
    protected override StoreSet Stores { get; } = StoreSet.Memory(TimeProvider.System);
}


public sealed class InMemoryTurnCommitTests : TurnCommitConformance
{
    protected override StoreSet Stores { get; } = StoreSet.Memory(TimeProvider.System);
}
