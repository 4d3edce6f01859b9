using NetArchTest.Rules;

namespace Assistant.Core.Tests.Architecture;

/// <summary>
/// Core's folders are layers: each may use the ones below it and never one above. Read from the bottom up: language
/// helpers, content, the conversation (turn context, state, transcripts, participant keys), the dialog engine, then the
/// features (knowledge, surveys, subscriptions, questions to the team, privacy) and at the top the turn pipeline and the in-memory stores, which nothing in
/// Core uses.
/// </summary>
public sealed class CoreLayersTests
{
    private static readonly string[] Layers =
        ["Activities", "Language", "Content", "Conversation", "Dialogs", "Knowledge", "Surveys", "Subscriptions", "TeamQuestions", "Privacy", "Turns", "InMemory"];

    public static TheoryData<string> LayersBelowTheTop => new(Layers.SkipLast(2));

    [Theory]
    [MemberData(nameof(LayersBelowTheTop))]
    public void A_layer_never_uses_a_higher_one(string layer)
    {
        var higher = Layers.SkipWhile(l => l != layer).Skip(1).Select(Namespace).ToArray();

        var result = Rule(layer, higher);

        Assert.True(result.IsSuccessful,
            $"{Namespace(layer)} uses a higher layer ({string.Join(", ", higher)}): {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void The_turn_pipeline_and_the_in_memory_stores_do_not_use_each_other()
    {
        Assert.True(Rule("Turns", [Namespace("InMemory")]).IsSuccessful);
        Assert.True(Rule("InMemory", [Namespace("Turns")]).IsSuccessful);
    }

    [Fact]
    public void The_check_sees_real_dependencies()
    {
        // Upside down, the rule must fail: the pipeline does use the conversation layer and the dialog engine.
        Assert.False(Rule("Turns", [Namespace("Conversation")]).IsSuccessful);
        Assert.False(Rule("Surveys", [Namespace("Dialogs")]).IsSuccessful);
    }

    private static string Namespace(string layer) => "Assistant.Core." + layer;

    private static NetArchTest.Rules.TestResult Rule(string layer, string[] forbidden) =>
        Types.InAssembly(typeof(TurnContext).Assembly)
            .That().ResideInNamespace(Namespace(layer))
            .ShouldNot().HaveDependencyOnAny(forbidden)
            .GetResult();
}
