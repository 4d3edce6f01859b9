using System.Diagnostics;

namespace Assistant.Web.Hosting;

/// <summary>The state store with each write timed into <see cref="ServerMetrics"/>.</summary>
internal sealed class MeasuredStateStore(IStateStore inner, ServerMetrics metrics) : IStateStore
{
    public Task<StateEntry?> ReadAsync(string key, CancellationToken cancellationToken) => inner.ReadAsync(key, cancellationToken);

    public Task<string> WriteAsync(string key, string json, string? expectedETag, CancellationToken cancellationToken) =>
        MeasuredStores.TimeAsync(metrics, "state", () => inner.WriteAsync(key, json, expectedETag, cancellationToken));

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        MeasuredStores.TimeAsync(metrics, "state", async () =>
        {
            await inner.DeleteAsync(key, cancellationToken);
            return true;
        });
}

/// <summary>The transcript store with each append timed into <see cref="ServerMetrics"/>.</summary>
internal sealed class MeasuredTranscriptStore(ITranscriptStore inner, ServerMetrics metrics) : ITranscriptStore
{
    public Task AppendAsync(IReadOnlyList<TranscriptEntry> entries, CancellationToken cancellationToken) =>
        MeasuredStores.TimeAsync(metrics, "transcript", async () =>
        {
            await inner.AppendAsync(entries, cancellationToken);
            return true;
        });

    public Task<IReadOnlyList<TranscriptEntry>> ReadAsync(string conversationKey, CancellationToken cancellationToken) =>
        inner.ReadAsync(conversationKey, cancellationToken);
}

internal static class MeasuredStores
{
    /// <summary>Runs a write and records its duration under <paramref name="store"/> with its outcome.</summary>
    public static async Task<T> TimeAsync<T>(ServerMetrics metrics, string store, Func<Task<T>> write)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await write();
            metrics.StorageWrite(store, "ok", started);
            return result;
        }
        catch (Exception e)
        {
            metrics.StorageWrite(store, Outcome(e), started);
            throw;
        }
    }

    private static string Outcome(Exception e) => e switch
    {
        ConcurrencyConflictException => "conflict",
        OperationCanceledException => "cancelled",
        _ => "error",
    };

    /// <summary>Wraps the registered <typeparamref name="T"/> (the last registration) in <paramref name="wrap"/>.</summary>
    public static void Decorate<T>(IServiceCollection services, Func<T, IServiceProvider, T> wrap) where T : class
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(T) && !services[i].IsKeyedService)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            return;
        }

        var original = services[index];
        Func<IServiceProvider, T> create = original switch
        {
            { ImplementationInstance: T instance } => _ => instance,
            { ImplementationFactory: { } factory } => sp => (T)factory(sp),
            { ImplementationType: { } type } => sp => (T)ActivatorUtilities.CreateInstance(sp, type),
            _ => throw new InvalidOperationException($"The registration of {typeof(T).Name} cannot be decorated."),
        };
        services[index] = new ServiceDescriptor(typeof(T), sp => wrap(create(sp), sp), original.Lifetime);
    }
}
