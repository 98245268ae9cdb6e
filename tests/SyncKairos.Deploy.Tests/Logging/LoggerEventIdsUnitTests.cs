using System.Reflection;
using Microsoft.Extensions.Logging;

namespace SyncKairos.Deploy.Tests.Logging;

/// <summary>Event ids are how operators filter and alert on log lines: one id, one message, across the solution.</summary>
public sealed partial class LoggerEventIdsUnitTests
{
    [Fact]
    public void Every_shipped_project_is_checked()
    {
        var names = LoggerEventIds.ShippedAssemblyNames();
        Assert.Contains("SyncKairos.Gateway", names);
        foreach (var name in names)
        {
            // A project this test cannot load escapes the check below: reference it from SyncKairos.Deploy.Tests.
            var failure = Record.Exception(() => Assembly.Load(new AssemblyName(name)));
            Assert.True(failure is null, $"{name} is not referenced by SyncKairos.Deploy.Tests: {failure?.Message}");
        }
    }

    [Fact]
    public void No_event_id_is_used_twice_across_the_solution()
    {
        var types = LoggerEventIds.ShippedAssemblyNames()
            .Select(name => Assembly.Load(new AssemblyName(name)))
            .SelectMany(LoggerEventIds.TypesOf)
            .ToList();
        Assert.Contains(types, t => t.GetMethods(BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static)
            .Any(m => m.GetCustomAttribute<LoggerMessageAttribute>() is not null));
        var duplicates = LoggerEventIds.Duplicates(types);
        Assert.True(duplicates.Count == 0, string.Join("; ", duplicates.Select(d => $"{d.Key}: {string.Join(", ", d.Value)}")));
    }

    [Fact]
    public void A_shared_event_id_is_reported_with_both_methods()
    {
        var duplicates = LoggerEventIds.Duplicates([typeof(FirstLog), typeof(SecondLog)]);
        var (id, methods) = Assert.Single(duplicates);
        Assert.Equal(7, id);
        Assert.Equal(2, methods.Length);
        Assert.Empty(LoggerEventIds.Duplicates([typeof(FirstLog)]));
    }

    private static partial class FirstLog
    {
        [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "first")]
        public static partial void First(ILogger logger);
    }

    private static partial class SecondLog
    {
        [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "second")]
        public static partial void Second(ILogger logger);
    }
}
