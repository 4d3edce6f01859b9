using System.Diagnostics.Metrics;

namespace Assistant.Core.Conversation;

/// <summary>
/// The assistant's own meter (<see cref="MeterName"/>): what a turn did, counted once per committed turn. Dialogs note
/// what happened on their <see cref="TurnContext"/>; the turn pipeline records it here only when the turn stands, so a
/// turn run again after a conflict or a storage failure is counted once. The host's OpenTelemetry (or any
/// <see cref="MeterListener"/>) reads the instruments.
/// </summary>
public sealed class AssistantMetrics : IDisposable
{
    public const string MeterName = "Assistant";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _turns;
    private readonly Counter<long> _knowledge;
    private readonly Counter<long> _surveys;

    /// <param name="meterFactory">The host's factory (one meter per host); without one the meter is this object's own.</param>
    public AssistantMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _turns = _meter.CreateCounter<long>("assistant.turns", "{turn}", "Turns run to the end, by channel and activity type.");
        _knowledge = _meter.CreateCounter<long>("assistant.knowledge.outcomes", "{question}",
            "Free-text questions by outcome: answered, did_you_mean or fallback.");
        _surveys = _meter.CreateCounter<long>("assistant.survey.responses", "{response}",
            "Survey responses by survey and event: started, completed or abandoned.");
    }

    public Meter Meter => _meter;

    /// <summary>Counts a committed turn and what its dialogs noted.</summary>
    public void RecordTurn(string channel, string activityType, IReadOnlyList<TurnMeasure> measures)
    {
        _turns.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("activity_type", activityType));
        foreach (var measure in measures)
        {
            switch (measure.Kind)
            {
                case TurnMeasureKind.KnowledgeAnswered:
                    _knowledge.Add(1, new KeyValuePair<string, object?>("outcome", "answered"));
                    break;
                case TurnMeasureKind.KnowledgeDidYouMean:
                    _knowledge.Add(1, new KeyValuePair<string, object?>("outcome", "did_you_mean"));
                    break;
                case TurnMeasureKind.KnowledgeFallback:
                    _knowledge.Add(1, new KeyValuePair<string, object?>("outcome", "fallback"));
                    break;
                case TurnMeasureKind.SurveyStarted:
                    Survey(measure.Survey, "started");
                    break;
                case TurnMeasureKind.SurveyCompleted:
                    Survey(measure.Survey, "completed");
                    break;
                case TurnMeasureKind.SurveyAbandoned:
                    Survey(measure.Survey, "abandoned");
                    break;
            }
        }
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private void Survey(string? survey, string @event) =>
        _surveys.Add(1, new KeyValuePair<string, object?>("survey", survey ?? ""), new KeyValuePair<string, object?>("event", @event));
}

/// <summary>What a dialog noted during a turn, for <see cref="AssistantMetrics"/>.</summary>
public enum TurnMeasureKind
{
    KnowledgeAnswered,
    KnowledgeDidYouMean,
    KnowledgeFallback,
    SurveyStarted,
    SurveyCompleted,
    SurveyAbandoned,
}

/// <summary>One noted event; <see cref="Survey"/> names the survey of a survey event.</summary>
public readonly record struct TurnMeasure(TurnMeasureKind Kind, string? Survey = null);
