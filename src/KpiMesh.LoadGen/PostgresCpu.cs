namespace KpiMesh.LoadGen;

/// <summary>
/// CPU time of a PostgreSQL on this machine (<c>--PostgresPid</c>: its postmaster): the postmaster's own time, the
/// time of the backends it has reaped (cutime/cstime) and of those still running, from /proc. With it the report can
/// say how much of the machine the database took while KpiMesh or a peer wrote to it.
/// </summary>
public static class PostgresCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ, 100 on Linux

    public static double? Seconds(int? postmaster)
    {
        if (postmaster is not { } pid || !File.Exists($"/proc/{pid}/stat")) return null;
        var ticks = 0L;
        foreach (var stat in Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "stat")))
        {
            string[] fields;
            try { fields = Fields(File.ReadAllText(stat)); } catch (IOException) { continue; } catch (UnauthorizedAccessException) { continue; }
            // Fields after the command name: [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime.
            var self = stat == $"/proc/{pid}/stat";
            if (!self && fields[1] != pid.ToString()) continue;
            ticks += long.Parse(fields[11]) + long.Parse(fields[12]);
            if (self) ticks += long.Parse(fields[13]) + long.Parse(fields[14]);
        }
        return ticks / TicksPerSecond;
    }

    // The command name is in parentheses and may hold spaces; what follows it is space-separated.
    private static string[] Fields(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
}
