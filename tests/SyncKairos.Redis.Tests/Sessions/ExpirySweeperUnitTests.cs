using SyncKairos.Redis.Sessions;

namespace SyncKairos.Redis.Tests.Sessions;

public sealed class ExpirySweeperUnitTests
{
    [Theory]
    [InlineData(1, 50)]
    [InlineData(3, 200)]
    [InlineData(6, 1000)]
    [InlineData(1000, 1000)]
    public void Failed_sweeps_back_off_up_to_a_second(int failures, double expectedMs) =>
        Assert.Equal(expectedMs, ExpirySweeper.Backoff(TimeSpan.FromMilliseconds(25), failures).TotalMilliseconds);
}
