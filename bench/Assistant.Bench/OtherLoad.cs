using System.Diagnostics;

namespace Assistant.Bench;

/// <summary>
/// How busy the machine was with other processes while something was measured: busy CPU time of the whole machine
/// (Linux /proc/stat) minus this process's own CPU time, per second of wall time. Timings taken while other
/// processes used a noticeable share of the CPUs are not comparable; the bench prints this next to them.
/// </summary>
internal sealed class OtherLoad
{
    // USER_HZ: the unit of /proc/stat; 100 on every mainstream Linux build.
    private const double TicksPerSecond = 100;

    // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is counted in user)
    private static readonly int[] BusyFields = [1, 2, 3, 6, 7, 8];

    private readonly double? _machineBusy;
    private readonly TimeSpan _own;
    private readonly long _started;

    private OtherLoad()
    {
        _machineBusy = MachineBusySeconds();
        _own = Process.GetCurrentProcess().TotalProcessorTime;
        _started = Stopwatch.GetTimestamp();
    }

    public static OtherLoad Start() => new();

    /// <summary>e.g. "other processes used 0.02 of 2 CPUs"; "n/a" where /proc/stat cannot be read.</summary>
    public string Describe()
    {
        var wall = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        var busy = MachineBusySeconds();
        if (_machineBusy is null || busy is null || wall <= 0)
        {
            return "other processes' CPU use n/a";
        }

        var own = (Process.GetCurrentProcess().TotalProcessorTime - _own).TotalSeconds;
        var others = Math.Max(0, (busy.Value - _machineBusy.Value - own) / wall);
        return Format.Invariant($"other processes used {others:0.00} of {Environment.ProcessorCount} CPUs");
    }

    private static double? MachineBusySeconds()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var busy = BusyFields.Sum(i => long.Parse(fields[i], System.Globalization.CultureInfo.InvariantCulture));
            return busy / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
