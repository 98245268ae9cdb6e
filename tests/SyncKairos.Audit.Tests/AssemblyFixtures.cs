using SyncKairos.Audit.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(PostgresFixture))]
[assembly: AssemblyFixture(typeof(RedisFixture))]
[assembly: AssemblyFixture(typeof(GarnetFixture))]
