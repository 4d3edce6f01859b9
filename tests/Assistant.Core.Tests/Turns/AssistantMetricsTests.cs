using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Assistant.Core.Tests.Knowledge;
using Assistant.Core.Tests.Support;

namespace Assistant.Core.Tests.Turns;

/// <summary>What an operator's dashboard reads off the assistant's meter after real conversations.</summary>
public sealed class AssistantMetricsTests
{
    [Fact]
    public async Task Every_turn_is_counted_once_by_channel_and_activity_type()
    {
        var bot = new TestBot();
        using var meter = new MeterReader(bot.Metrics.Meter);

        await new TestFlow(bot).Join().SkipReplies().Send("помощ").SkipReplies().Send("помощ").SkipReplies();

        Assert.Equal(1, meter.Sum("assistant.turns", ("channel", "test"), ("activity_type", "conversationUpdate")));
        Assert.Equal(2, meter.Sum("assistant.turns", ("channel", "test"), ("activity_type", "message")));
    }

    [Fact]
    public async Task An_activity_delivered_twice_is_one_turn()
    {
        var bot = new TestBot();
        using var meter = new MeterReader(bot.Metrics.Meter);
        var key = new ConversationKey("test", "conv-replay");
        var activity = new Activity
        {
            Type = ActivityTypes.Message, Id = "same-id", Text = "помощ",
            From = new ChannelAccount { Id = "user-1" }, Conversation = new ConversationAccount { Id = "conv-replay" },
        };

        await bot.Processor.ProcessAsync(key, activity, TestContext.Current.CancellationToken);
        await bot.Processor.ProcessAsync(key, activity, TestContext.Current.CancellationToken);

        Assert.Equal(1, meter.Sum("assistant.turns"));
    }

    [Fact]
    public async Task Knowledge_questions_are_counted_as_answered_did_you_mean_or_fallback()
    {
        var bot = new TestBot();
        using var meter = new MeterReader(bot.Metrics.Meter);
        var unsure = KnowledgeEvalSet.Development
            .First(r => r.Lang == "bg" && TestBot.Knowledge.Match(r.Question).Band == Assistant.Core.Knowledge.MatchBand.Suggest);

        await new TestFlow(bot).Join().SkipReplies()
            .Send("Какво е Intelligent Cities Challenge?").ExpectReply("Европейската комисия").SkipReplies()
            .Send("Какво ще е времето утре в София?").ExpectReply("Още не знам").SkipReplies()
            .Send(unsure.Question).ExpectReply("Това ли имахте предвид").SkipReplies()
            .Send("Какво е Intelligent Cities Challenge?").SkipReplies();

        Assert.Equal(2, meter.Sum("assistant.knowledge.outcomes", ("outcome", "answered")));
        Assert.Equal(1, meter.Sum("assistant.knowledge.outcomes", ("outcome", "did_you_mean")));
        Assert.Equal(1, meter.Sum("assistant.knowledge.outcomes", ("outcome", "fallback")));
    }

    [Fact]
    public async Task A_survey_started_and_completed_is_counted_as_both()
    {
        var bot = new TestBot();
        using var meter = new MeterReader(bot.Metrics.Meter);

        await new TestFlow(bot).Join().SkipReplies()
            .Send("/start workshop-feedback").SkipReplies()
            .Send("Съгласен/на съм").ExpectReply("Въпрос 1 от")
            .Send("5").SkipReplies()
            .Send("4").SkipReplies()
            .Send("Пропусни").SkipReplies()
            .Send("не").SkipReplies()
            .Send("бизнес").ExpectReply("Благодарим").SkipReplies();

        Assert.Equal(1, meter.Sum("assistant.survey.responses", ("survey", "workshop-feedback"), ("event", "started")));
        Assert.Equal(1, meter.Sum("assistant.survey.responses", ("survey", "workshop-feedback"), ("event", "completed")));
        Assert.Equal(0, meter.Sum("assistant.survey.responses", ("event", "abandoned")));
    }

    [Fact]
    public async Task A_survey_stopped_half_way_is_counted_as_abandoned_and_a_declined_consent_starts_none()
    {
        var bot = new TestBot();
        using var meter = new MeterReader(bot.Metrics.Meter);

        await new TestFlow(bot).Join().SkipReplies()
            .Send("/survey e-government-participation").SkipReplies()
            .Send("Не, благодаря").ExpectReply("нищо не е записано").SkipReplies()
            .Send("/survey e-government-participation").SkipReplies()
            .Send("Съгласен/на съм").ExpectReply("Въпрос 1 от")
            .Send("Прекрати анкетата").ExpectReply("Сигурни ли сте")
            .Send("Прекрати анкетата").ExpectReply("прекратена").SkipReplies();

        Assert.Equal(1, meter.Sum("assistant.survey.responses", ("survey", "e-government-participation"), ("event", "started")));
        Assert.Equal(1, meter.Sum("assistant.survey.responses", ("survey", "e-government-participation"), ("event", "abandoned")));
        Assert.Equal(0, meter.Sum("assistant.survey.responses", ("event", "completed")));
    }

    /// <summary>Listens to the instruments of one meter only (other tests run their own bots in parallel).</summary>
    private sealed class MeterReader : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Instrument, long Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

        public MeterReader(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
                _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
            _listener.Start();
        }

        public long Sum(string instrument, params (string Name, string Value)[] tags) => _measurements
            .Where(m => m.Instrument == instrument
                && tags.All(t => m.Tags.Any(kv => kv.Key == t.Name && Equals(kv.Value as string, t.Value))))
            .Sum(m => m.Value);

        public void Dispose() => _listener.Dispose();
    }
}
