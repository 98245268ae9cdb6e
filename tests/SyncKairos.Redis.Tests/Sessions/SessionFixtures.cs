using SyncKairos.Redis.Tests.Sessions;

[assembly: AssemblyFixture(typeof(RedisSessionServerFixture))]
[assembly: AssemblyFixture(typeof(GarnetSessionServerFixture))]
