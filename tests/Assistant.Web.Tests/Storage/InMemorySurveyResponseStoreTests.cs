using Assistant.Core.Storage;
using Assistant.Core.Storage.InMemory;

namespace Assistant.Web.Tests.Storage;

public sealed class InMemorySurveyResponseStoreTests : SurveyResponseStoreConformance
{
    private readonly InMemorySurveyResponseStore _store = new();

    protected override ISurveyResponseStore CreateStore() => _store;
}
