using SyncKairos.Gateway.WebSockets;

namespace SyncKairos.Gateway.Tests.Infrastructure;

/// <summary>Waits on the hub's <see cref="FanOutHub.Changed"/> event for a condition, with a timeout.</summary>
public static class HubWaits
{
    public static async Task WaitUntilAsync(this FanOutHub hub, Func<bool> condition, TimeSpan timeout, string what)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            if (condition())
            {
                reached.TrySetResult();
            }
        }

        hub.Changed += Check;
        try
        {
            Check();
            await reached.Task.WaitAsync(timeout, TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"timed out after {timeout} waiting for {what}");
        }
        finally
        {
            hub.Changed -= Check;
        }
    }
}
