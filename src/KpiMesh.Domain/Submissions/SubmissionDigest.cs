using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace KpiMesh.Domain.Submissions;

/// <summary>
/// Submission ids and body fingerprints as numbers, for what keeps them in memory (a unit's remembered ids, the
/// in-memory log). Kept as strings, every accepted value left two strings that lived for seconds to hours: long
/// enough for each collection to promote them, and a dictionary of strings that every collection of the old
/// generation walks. As numbers they sit inside the dictionary's arrays, which the collector does not look into.
/// </summary>
/// <remarks>
/// An id is XxHash128 of its text: two different ids of one unit would have to collide in 128 bits to be taken for
/// one another (a retry), which is never. A fingerprint only tells, for one id already seen, a retry of the same
/// body from a different body, so 64 bits (XxHash3) are plenty; the durable log keeps the fingerprint's text.
/// </remarks>
public static class SubmissionDigest
{
    public static UInt128 OfId(string id) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(id.AsSpan()));

    public static ulong OfFingerprint(string fingerprint) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(fingerprint.AsSpan()));
}
