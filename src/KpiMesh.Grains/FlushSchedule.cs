namespace KpiMesh.Grains;

/// <summary>
/// When a unit reports upwards. Leading-edge coalescing: a unit that has not reported for a whole interval reports at
/// once (in the next turn, so the submitter does not wait for the parent), and one that reported less than an interval
/// ago waits out the rest of it, taking everything that arrives meanwhile into that one report. An idle path therefore
/// carries a change up in one grain call per level, and a busy unit still reports at most once per interval.
/// </summary>
/// <remarks>
/// The interval is counted on the monotonic clock, not the wall clock, which may step back (and did, by a month, in a
/// test) and would then hold every report for as long. The timer is a grain timer, so the flush runs as a turn of the
/// grain like any call.
/// </remarks>
internal sealed class FlushSchedule(IGrainBase grain, Func<CancellationToken, Task> flush, TimeSpan interval, TimeProvider clock)
{
    private IGrainTimer? _timer;

    /// <summary>When the unit last reported (or tried to); null before the first report.</summary>
    private long? _lastReport;

    /// <summary>When the oldest change not yet reported upwards was applied (here or below); null when nothing is pending.</summary>
    private DateTimeOffset? _oldestChange;

    /// <summary>True while a flush is due (the timer is set and has not fired).</summary>
    public bool Due { get; private set; }

    /// <summary>The oldest change the next report carries; now when none is pending (a refresh).</summary>
    public DateTimeOffset OldestChange => _oldestChange ?? clock.GetUtcNow();

    /// <summary>Notes a change applied at <paramref name="at"/>, which the next report carries.</summary>
    public void Changed(DateTimeOffset at)
    {
        if (_oldestChange is null || at < _oldestChange) _oldestChange = at;
    }

    /// <summary>Asks for a flush: at once after a quiet interval, otherwise at the end of the current one.</summary>
    public void Request()
    {
        if (Due) return;
        Due = true;
        var wait = _lastReport is { } last ? interval - clock.GetElapsedTime(last) : TimeSpan.Zero;
        if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
        if (_timer is null) _timer = grain.RegisterGrainTimer(flush, wait, Timeout.InfiniteTimeSpan);
        else _timer.Change(wait, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// A flush starts: counted from the start of the attempt, so a failed report also waits an interval before the retry.
    /// </summary>
    public void Starting()
    {
        Due = false;
        _lastReport = clock.GetTimestamp();
    }

    /// <summary>The changes pending were reported.</summary>
    public void Reported() => _oldestChange = null;
}
