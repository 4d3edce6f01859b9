using System.Diagnostics;
using System.Diagnostics.Metrics;
using Assistant.Web.Channels.DirectLine;

namespace Assistant.Web.Hosting;

/// <summary>
/// The server's own instruments, on the same meter as Core's <see cref="AssistantMetrics"/>: Telegram send errors,
/// storage write latency and the open Direct Line streams.
/// </summary>
public sealed class ServerMetrics
{
    private static readonly double[] WriteBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private readonly Counter<long> _telegramErrors;
    private readonly Histogram<double> _storageWrites;

    public ServerMetrics(IMeterFactory meters, StreamHub streams)
    {
        var meter = meters.Create(AssistantMetrics.MeterName);
        _telegramErrors = meter.CreateCounter<long>("assistant.telegram.send.errors", "{error}",
            "Bot API calls for a chat that failed, by error: rate_limited (429), blocked (403), refused (other 4xx), server (5xx), network.");
        _storageWrites = meter.CreateHistogram<double>("assistant.storage.write.duration", "s",
            "How long a write of the turn pipeline took: state documents and transcripts, by store and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = WriteBuckets });
        meter.CreateObservableUpDownCounter("assistant.directline.streams", () => streams.OpenStreams, "{stream}",
            "Direct Line WebSocket streams open on this instance.");
    }

    public void TelegramError(string error) => _telegramErrors.Add(1, new KeyValuePair<string, object?>("error", error));

    /// <summary>Records a storage write that began at <paramref name="started"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public void StorageWrite(string store, string outcome, long started) =>
        _storageWrites.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("store", store), new KeyValuePair<string, object?>("outcome", outcome));
}
