using System.Diagnostics;

namespace Assistant.Bench.Service;

/// <summary>What a load loop measured: turns completed in the measured window, their latencies, and errors.</summary>
internal sealed record LoadResult(int Completed, int Errors, double Seconds, IReadOnlyList<double> SortedLatenciesMs, string? FirstError)
{
    public double PerSecond => Completed / Seconds;

    public double P50 => Percentile(0.50);

    public double P95 => Percentile(0.95);

    public double P99 => Percentile(0.99);

    private double Percentile(double p) => SortedLatenciesMs.Count == 0 ? double.NaN : Format.Percentile(SortedLatenciesMs, p);
}

/// <summary>
/// The two ways the bench drives a server. Closed loop: each worker sends its next turn as soon as the previous one is
/// answered (the most the server can do at that concurrency). Fixed rate: each worker sends on a schedule, and a turn's
/// latency counts from the moment it was due, so a server that falls behind shows it (no coordinated omission).
/// </summary>
internal static class LoadLoops
{
    /// <summary>A turn: returns false when it failed (the loop counts it as an error and moves on).</summary>
    public delegate Task<bool> Turn(int worker, CancellationToken cancellationToken);

    public static async Task<LoadResult> ClosedAsync(int workers, TimeSpan warmUp, TimeSpan measured, Turn turn)
    {
        var started = Stopwatch.GetTimestamp();
        var from = started + Ticks(warmUp);
        var until = from + Ticks(measured);
        var recorders = Enumerable.Range(0, workers).Select(_ => new Recorder()).ToArray();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var recorder = recorders[w];
            while (Stopwatch.GetTimestamp() < until)
            {
                var sent = Stopwatch.GetTimestamp();
                await recorder.RunAsync(turn, w, sent, from, until);
            }
        })));
        return Recorder.Merge(recorders, measured);
    }

    public static async Task<LoadResult> FixedRateAsync(int workers, double turnsPerSecond, TimeSpan warmUp, TimeSpan measured, Turn turn)
    {
        var started = Stopwatch.GetTimestamp();
        var from = started + Ticks(warmUp);
        var until = from + Ticks(measured);
        var interval = Stopwatch.Frequency * workers / turnsPerSecond;
        var recorders = Enumerable.Range(0, workers).Select(_ => new Recorder()).ToArray();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var recorder = recorders[w];
            // Workers spread evenly over one interval, so the turns arrive at an even rate.
            var due = started + (double)interval * w / workers;
            while (due < until)
            {
                var wait = (long)due - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
                }

                await recorder.RunAsync(turn, w, (long)due, from, until);
                due += interval;
            }
        })));
        return Recorder.Merge(recorders, measured);
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private sealed class Recorder
    {
        private readonly List<double> _latencies = [];
        private int _completed;
        private int _errors;
        private string? _firstError;

        public async Task RunAsync(Turn turn, int worker, long due, long from, long until)
        {
            bool ok;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                ok = await turn(worker, timeout.Token);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or TimeoutException
                or System.Net.WebSockets.WebSocketException or IOException or InvalidOperationException)
            {
                _firstError ??= e.GetType().Name + ": " + e.Message;
                ok = false;
            }

            var done = Stopwatch.GetTimestamp();
            if (done < from || done > until)
            {
                return;
            }

            if (!ok)
            {
                _errors++;
                return;
            }

            _completed++;
            _latencies.Add(Format.Milliseconds(done - due));
        }

        public static LoadResult Merge(Recorder[] recorders, TimeSpan measured)
        {
            var latencies = recorders.SelectMany(r => r._latencies).Order().ToList();
            return new LoadResult(recorders.Sum(r => r._completed), recorders.Sum(r => r._errors), measured.TotalSeconds, latencies,
                recorders.Select(r => r._firstError).FirstOrDefault(e => e is not null));
        }
    }
}
