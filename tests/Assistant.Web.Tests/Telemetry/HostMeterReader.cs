using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.Telemetry;

/// <summary>
/// Reads the assistant's meter of one test server (its own <see cref="IMeterFactory"/>; servers of other tests run
/// in the same process).
/// </summary>
public sealed class HostMeterReader : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

    public HostMeterReader(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        // Instruments are made when their owners are: make the server's now, so that the listener sees them.
        services.GetRequiredService<Assistant.Web.Hosting.ServerMetrics>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == AssistantMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => _measurements.Enqueue((i.Name, value, tags.ToArray())));
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => _measurements.Enqueue((i.Name, value, tags.ToArray())));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => _measurements.Enqueue((i.Name, value, tags.ToArray())));
        _listener.Start();
    }

    public IReadOnlyList<double> Values(string instrument, params (string Name, string Value)[] tags) => _measurements
        .Where(m => m.Instrument == instrument && tags.All(t => m.Tags.Any(kv => kv.Key == t.Name && Equals(kv.Value as string, t.Value))))
        .Select(m => m.Value)
        .ToList();

    public double Sum(string instrument, params (string Name, string Value)[] tags) => Values(instrument, tags).Sum();

    /// <summary>The current value of an observable instrument.</summary>
    public double Observe(string instrument)
    {
        _measurements.Clear();
        _listener.RecordObservableInstruments();
        return Sum(instrument);
    }

    public void Dispose() => _listener.Dispose();
}
