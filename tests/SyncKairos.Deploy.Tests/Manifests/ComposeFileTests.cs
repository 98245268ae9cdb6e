using System.Text.RegularExpressions;
using SyncKairos.Deploy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace SyncKairos.Deploy.Tests.Manifests;

/// <summary>Static checks of docker-compose.yml and deploy/nginx.conf (no Docker engine, no compose plugin here).</summary>
public sealed partial class ComposeFileTests
{
    private static readonly YamlMappingNode Compose = Yaml.LoadDocuments(Repo.PathOf("docker-compose.yml")).Single();

    private static YamlNode Service(string name) => Compose.Get("services", name);

    private static IReadOnlyList<string> Gateways =>
        [.. Compose.Entries("services").Where(s => s.Value.ScalarOrNull("environment", "SyncKairos__Redis__ConnectionString") is not null).Select(s => s.Key)];

    [Fact]
    public void Redis_7_keeps_an_append_only_file()
    {
        var redis = Service("redis");
        Assert.StartsWith("redis:7", redis.Scalar("image"), StringComparison.Ordinal);
        var command = redis.Items("command").Select(c => c.ToString()).ToList();
        Assert.Equal("yes", command[command.IndexOf("--appendonly") + 1]);
        Assert.Contains("--requirepass", command);
    }

    [Fact]
    public void Postgres_15_and_a_migrations_job_that_runs_before_the_gateways()
    {
        Assert.StartsWith("postgres:15", Service("postgres").Scalar("image"), StringComparison.Ordinal);
        var migrate = Service("migrate");
        Assert.Equal(["migrate"], migrate.Items("command").Select(c => c.ToString()));
        Assert.NotNull(migrate.Find("environment", "SyncKairos__Audit__PostgresConnectionString"));
        Assert.True(File.Exists(Repo.PathOf(migrate.Scalar("build", "dockerfile"))), "the build's Dockerfile exists");
        Assert.Equal(".", migrate.Scalar("build", "context"));

        Assert.Equal(2, Gateways.Count);
        foreach (var gateway in Gateways)
        {
            Assert.Equal("service_completed_successfully", Service(gateway).Scalar("depends_on", "migrate", "condition"));
            Assert.Equal(migrate.Scalar("image"), Service(gateway).Scalar("image"));
            Assert.Equal("false", Service(gateway).Scalar("environment", "SyncKairos__Audit__MigrateOnStart"));
        }
    }

    [Fact]
    public void Every_synckairos_variable_is_a_key_the_gateway_reads_and_secrets_come_from_the_environment()
    {
        foreach (var (name, service) in Compose.Entries("services"))
        {
            foreach (var (key, value) in service.Entries("environment"))
            {
                if (key.StartsWith("SyncKairos__", StringComparison.Ordinal))
                {
                    Assert.True(GatewayConfigurationKeys.Contains(GatewayConfigurationKeys.FromEnvironmentName(key)), $"{name}: {key}");
                }

                var text = value.ToString();
                if (text.Contains("password", StringComparison.OrdinalIgnoreCase))
                {
                    Assert.Matches(Interpolated(), text);
                }
            }
        }
    }

    [Fact]
    public void Nginx_balances_over_both_gateways_on_their_port_and_upgrades_websockets()
    {
        var nginx = Service("nginx");
        var mount = nginx.Items("volumes").Select(v => v.ToString()).Single(v => v.Contains("nginx.conf", StringComparison.Ordinal));
        var source = mount.Split(':')[0];
        Assert.True(File.Exists(Repo.PathOf(source)), $"{source} exists");

        var conf = File.ReadAllText(Repo.PathOf(source));
        var servers = UpstreamServer().Matches(conf).Select(m => (Host: m.Groups[1].Value, Port: m.Groups[2].Value)).ToList();
        Assert.Equal(Gateways.Order(StringComparer.Ordinal), servers.Select(s => s.Host).Order(StringComparer.Ordinal));
        foreach (var (host, port) in servers)
        {
            Assert.Equal(port, Service(host).Scalar("environment", "ASPNETCORE_HTTP_PORTS"));
        }

        Assert.Contains("proxy_set_header Upgrade $http_upgrade;", conf, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header Connection $connection_upgrade;", conf, StringComparison.Ordinal);
        Assert.Contains("location /ws", conf, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_refers_to_an_env_example_that_names_every_interpolated_variable()
    {
        var text = Repo.Read("docker-compose.yml");
        var example = Repo.Read("deploy/compose.env.example");
        foreach (var variable in Variable().Matches(text).Select(m => m.Groups[1].Value).Distinct())
        {
            Assert.Contains(variable + "=", example, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"\$\{[A-Z_]+:\?[^}]*\}")]
    private static partial Regex Interpolated();

    [GeneratedRegex(@"\$\{([A-Z_]+)[:}]")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^\s*server\s+([\w-]+):(\d+)", RegexOptions.Multiline)]
    private static partial Regex UpstreamServer();
}
