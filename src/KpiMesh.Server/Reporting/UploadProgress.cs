using System.Collections.Concurrent;
using System.Security.Cryptography;
using KpiMesh.Domain.Access;
using KpiMesh.Domain.Reporting;
using KpiMesh.Server.Auth;
using Microsoft.Extensions.Options;

namespace KpiMesh.Server.Reporting;

/// <summary>
/// How far one upload has got: its phase (<c>judging</c> the rows, <c>committing</c> them, then <c>done</c> or
/// <c>failed</c>), the rows and bytes of the spooled file read so far in that phase, and at the end its summary or
/// why the file was refused. Written by the one task running the upload, read by any request asking for it.
/// </summary>
public sealed class UploadProgress(string id, string unit, string period, bool dryRun, string owner, long totalBytes)
{
    public const string Judging = "judging";
    public const string Committing = "committing";
    public const string Done = "done";
    public const string Failed = "failed";

    private long _rows;
    private long _bytes;
    private volatile string _phase = Judging;

    public string Id { get; } = id;
    public string Unit { get; } = unit;
    public string Period { get; } = period;
    public bool DryRun { get; } = dryRun;
    public string Owner { get; } = owner;
    public long TotalBytes { get; } = totalBytes;
    public string Phase => _phase;
    public long Rows => Interlocked.Read(ref _rows);
    public long BytesRead => Interlocked.Read(ref _bytes);
    public UploadSummary? Summary { get; private set; }
    public UploadFileException? Refusal { get; private set; }
    public DateTimeOffset? Finished { get; private set; }

    /// <summary>A new pass over the file: rows and bytes count from the start again.</summary>
    public void Begin(string phase)
    {
        Interlocked.Exchange(ref _rows, 0);
        Interlocked.Exchange(ref _bytes, 0);
        _phase = phase;
    }

    /// <summary>One more row read, the reader being at <paramref name="bytes"/> of the file.</summary>
    public void RowRead(long bytes)
    {
        Interlocked.Increment(ref _rows);
        Interlocked.Exchange(ref _bytes, bytes);
    }

    public void Complete(UploadSummary summary, DateTimeOffset at)
    {
        Summary = summary;
        Finished = at;
        _phase = Done;
    }

    public void Fail(UploadFileException refusal, DateTimeOffset at)
    {
        Refusal = refusal;
        Finished = at;
        _phase = Failed;
    }
}

/// <summary>
/// Uploads run in the background when the client asks for progress (<c>?async=true</c>): the request spools the file,
/// answers 202 with where to follow it, and the upload then runs as it would have in the request, its
/// <see cref="UploadProgress"/> kept here for <see cref="Keep"/> after it ends. Memory of this gateway only: a client
/// follows the gateway it uploaded to (the upload itself commits through the cluster as any other).
/// </summary>
public sealed class UploadJobs(UploadService uploads, IHostApplicationLifetime lifetime, TimeProvider clock, IOptions<LimitOptions> limits,
    ILogger<UploadJobs> logger)
{
    /// <summary>At most this many uploads run in the background at once per gateway (<c>Limits:BackgroundUploads</c>).</summary>
    public int MaxRunning => limits.Value.BackgroundUploads;

    public static readonly TimeSpan Keep = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, UploadProgress> _jobs = new(StringComparer.Ordinal);
    private int _running;

    /// <summary>Starts the upload of a spooled file (which the job then owns and deletes); null when too many run already.</summary>
    public UploadProgress? Start(UploadFile file, string unit, string period, bool dryRun, bool partial, Principal principal, Language language)
    {
        Sweep();
        if (Interlocked.Increment(ref _running) > MaxRunning)
        {
            Interlocked.Decrement(ref _running);
            return null;
        }
        var progress = new UploadProgress(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)), unit, period, dryRun, principal.Name, file.Length);
        _jobs[progress.Id] = progress;
        _ = Task.Run(async () =>
        {
            try
            {
                progress.Complete(await uploads.RunAsync(file, unit, period, dryRun, partial, principal, language, lifetime.ApplicationStopping, progress), clock.GetUtcNow());
            }
            catch (UploadFileException refused) { progress.Fail(refused, clock.GetUtcNow()); }
            catch (Exception error)
            {
                logger.LogError(error, "Background upload {Id} for {Unit} failed", progress.Id, unit);
                progress.Fail(new UploadFileException(500, "Upload failed", "the upload stopped on a server error; upload the file again (it is a no-op where it had committed)"), clock.GetUtcNow());
            }
            finally
            {
                file.Dispose();
                Interlocked.Decrement(ref _running);
            }
        });
        return progress;
    }

    /// <summary>The upload's progress, for its owner only (anyone else learns nothing about it).</summary>
    public UploadProgress? Find(string id, string unit, Principal principal)
    {
        Sweep();
        return _jobs.TryGetValue(id, out var progress) && progress.Unit == unit && progress.Owner == principal.Name ? progress : null;
    }

    private void Sweep()
    {
        var before = clock.GetUtcNow() - Keep;
        foreach (var (id, progress) in _jobs)
            if (progress.Finished < before) _jobs.TryRemove(id, out _);
    }
}
