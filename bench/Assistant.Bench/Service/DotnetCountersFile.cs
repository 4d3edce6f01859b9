using System.Globalization;
using System.Text.Json;

namespace Assistant.Bench.Service;

/// <summary>Reads the JSON that <c>dotnet-counters collect --format json</c> writes (System.Runtime metrics of .NET 9 and later).</summary>
internal static class DotnetCountersFile
{
    private const string HeapSize = "dotnet.gc.last_collection.heap.size (By)";
    private const string WorkingSet = "dotnet.process.memory.working_set (By)";

    /// <summary>The highest GC heap size (all generations of one sample added up) and working set, in MB.</summary>
    public static (double? GcHeapMb, double? WorkingSetMb) MaxOf(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var heapBySample = new Dictionary<string, double>(StringComparer.Ordinal);
        double? workingSet = null;
        foreach (var e in json.RootElement.GetProperty("Events").EnumerateArray())
        {
            var name = e.GetProperty("name").GetString();
            var value = e.GetProperty("value").GetDouble();
            // One sample's events carry timestamps a few microseconds apart: the second identifies the sample.
            var sample = DateTimeOffset.Parse(e.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            if (name == HeapSize)
            {
                heapBySample[sample] = heapBySample.GetValueOrDefault(sample) + value;
            }
            else if (name == WorkingSet)
            {
                workingSet = Math.Max(workingSet ?? 0, value);
            }
        }

        return (heapBySample.Count == 0 ? null : heapBySample.Values.Max() / 1024 / 1024, workingSet / 1024 / 1024);
    }
}
