using System.Diagnostics;

namespace KpiMesh.LoadGen;

/// <summary>
/// Readers that share one schedule of <c>perSecond</c> reads, each on a thread of its own making blocking calls. Every
/// read has a slot on the schedule and is timed from it; a reader takes the next free slot, waits for it and reads.
/// When the server stalls, the readers not stuck take the next slots, and when all are stuck the slots that pass are
/// read late and counted late (no coordinated omission). With one reader per slot sequence, as before, a reader whose
/// reads averaged near its interval fell ever further behind its own schedule: at 2 readers of 50 reads/s each, a
/// server answering curl at p50 1.6 ms under ingest showed reads of p50 5.9 s (2026-11-25), which measured the
/// schedule, not the server. Many users reading at once is what a console sees.
/// </summary>
/// <remarks>
/// Threads, not the thread pool: under ingest this process's pool is busy building 500-value bodies, and a reader's
/// continuation waited there behind them. The wait for a slot sleeps to within a millisecond of it and yields the rest,
/// since a sleep alone wakes up to a millisecond late.
/// </remarks>
public static class PacedReaders
{
    /// <param name="read">One read; false when it failed (not timed; the reader pauses 100 ms).</param>
    public static Task RunAsync(int readers, double perSecond, Func<CancellationToken, bool> read, Percentiles latency, CancellationToken stop)
    {
        var interval = perSecond > 0 ? (long)(Stopwatch.Frequency / perSecond) : 0;
        var schedule = new long[] { Stopwatch.GetTimestamp() - interval };
        return Task.WhenAll(Enumerable.Range(0, readers).Select(r => OnThread($"reader {r}", () => Loop(schedule, interval, read, latency, stop))));
    }

    private static void Loop(long[] schedule, long interval, Func<CancellationToken, bool> read, Percentiles latency, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var slot = interval > 0 ? Interlocked.Add(ref schedule[0], interval) : 0;
            if (interval > 0) WaitUntil(slot, stop);
            if (stop.IsCancellationRequested) return;
            var started = interval > 0 ? slot : Stopwatch.GetTimestamp();
            try
            {
                if (read(stop)) latency.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                else stop.WaitHandle.WaitOne(100);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
        }
    }

    private static void WaitUntil(long timestamp, CancellationToken stop)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.FromMilliseconds(2) && stop.WaitHandle.WaitOne(wait - TimeSpan.FromMilliseconds(1))) return;
        while (Stopwatch.GetTimestamp() < timestamp && !stop.IsCancellationRequested) Thread.Yield();
    }

    private static Task OnThread(string name, Action body)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try
            {
                body();
                done.SetResult();
            }
            catch (Exception error) { done.SetException(error); }
        }) { IsBackground = true, Name = name }.Start();
        return done.Task;
    }
}
