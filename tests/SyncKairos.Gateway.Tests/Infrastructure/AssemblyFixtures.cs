using SyncKairos.Gateway.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(RedisFixture))]
