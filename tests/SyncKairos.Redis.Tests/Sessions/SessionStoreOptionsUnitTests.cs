using SyncKairos.Redis.Sessions;

namespace SyncKairos.Redis.Tests.Sessions;

public sealed class SessionStoreOptionsUnitTests
{
    [Fact]
    public void Defaults_are_valid() => Assert.Empty(new SessionStoreOptions().Validate());

    [Fact]
    public void Validate_names_every_bad_setting_and_its_value()
    {
        var options = new SessionStoreOptions { TtlSeconds = 0, DeadlineBuckets = -1, AuditBuckets = 0, SweepIntervalMs = 0, SweepBatchSize = 0, KeyPrefix = "{x}" };
        var errors = options.Validate();
        Assert.Equal(
            ["TtlSeconds 0 must be at least 1.", "DeadlineBuckets -1 must be at least 1.", "AuditBuckets 0 must be at least 1.",
             "SweepIntervalMs 0 must be at least 1.", "SweepBatchSize 0 must be at least 1.", "KeyPrefix '{x}' contains a brace."],
            errors);
        var thrown = Assert.Throws<ArgumentException>(options.ThrowIfInvalid);
        Assert.Contains("TtlSeconds 0", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_key_prefix_is_refused() =>
        Assert.Equal(["KeyPrefix is empty."], new SessionStoreOptions { KeyPrefix = "" }.Validate());
}
