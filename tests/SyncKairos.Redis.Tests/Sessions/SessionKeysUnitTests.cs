using SyncKairos.Redis.Sessions;

namespace SyncKairos.Redis.Tests.Sessions;

public sealed class SessionKeysUnitTests
{
    private const string Id = "0A1B2C3D-0000-4000-8000-00000000ABCD";

    [Fact]
    public void Per_session_keys_share_the_lower_case_hash_tag()
    {
        var keys = new SessionKeys("sk", 1, 1);
        Assert.Equal("sk:{0a1b2c3d-0000-4000-8000-00000000abcd}:state", keys.State(Id));
        Assert.Equal("sk:{0a1b2c3d-0000-4000-8000-00000000abcd}:req:r1", keys.Request(Id, "r1"));
        Assert.Equal("sk:{0a1b2c3d-0000-4000-8000-00000000abcd}:updates", keys.Channel(Id));
        Assert.Equal("sk:deadlines:0", keys.Deadlines(keys.DeadlineBucketOf(Id)));
        Assert.Equal("sk:audit:0", keys.AuditList(keys.AuditBucketOf(Id)));
    }

    [Fact]
    public void Buckets_are_a_stable_hash_independent_of_case()
    {
        // FNV-1a 32 of the lower-case id; a fixed value so the layout never changes silently.
        Assert.Equal(SessionKeys.StableHash(Id), SessionKeys.StableHash(Id.ToLowerInvariant()));
        Assert.Equal(0x811C9DC5u, SessionKeys.StableHash(""));
        Assert.Equal(0xE40C292Cu, SessionKeys.StableHash("a"));
        var keys = new SessionKeys("sk", 16, 4);
        Assert.Equal((int)(SessionKeys.StableHash(Id) % 16), keys.DeadlineBucketOf(Id));
        Assert.Equal((int)(SessionKeys.StableHash(Id) % 4), keys.AuditBucketOf(Id));
        var spread = Enumerable.Range(0, 1000).Select(_ => keys.DeadlineBucketOf(Guid.NewGuid().ToString())).Distinct().Count();
        Assert.Equal(16, spread);
    }
}
