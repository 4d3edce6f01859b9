using Assistant.Core.Surveys;

namespace Assistant.Web.Tests.Storage;

public sealed class InMemorySurveyResponseStoreTests : SurveyResponseStoreConformance
{
    private readonly InMemorySurveyResponseStore _store = new();

    protected override ISurveyResponseStore CreateStore() => _store;
}
