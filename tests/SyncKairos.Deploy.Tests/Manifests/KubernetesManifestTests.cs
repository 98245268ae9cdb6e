using SyncKairos.Deploy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace SyncKairos.Deploy.Tests.Manifests;

/// <summary>Static checks of k8s/*.yaml: no cluster here, so parse every manifest and check what must hold.</summary>
public sealed class KubernetesManifestTests
{
    private const string Namespace = "synckairos";

    private static readonly IReadOnlyList<(string File, YamlMappingNode Doc)> Manifests =
        [.. Directory.GetFiles(Repo.PathOf("k8s"), "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(f => Yaml.LoadDocuments(f).Select(d => (Path.GetFileName(f), d)))];

    private static YamlMappingNode Single(string kind) => Manifests.Single(m => m.Doc.ScalarOrNull("kind") == kind).Doc;

    [Fact]
    public void Every_manifest_has_api_version_kind_name_and_the_namespace()
    {
        Assert.NotEmpty(Manifests);
        foreach (var (file, doc) in Manifests)
        {
            Assert.False(string.IsNullOrWhiteSpace(doc.ScalarOrNull("apiVersion")), $"{file}: apiVersion");
            Assert.False(string.IsNullOrWhiteSpace(doc.ScalarOrNull("kind")), $"{file}: kind");
            Assert.False(string.IsNullOrWhiteSpace(doc.ScalarOrNull("metadata", "name")), $"{file}: metadata.name");
            var expected = doc.Scalar("kind") == "Namespace" ? null : Namespace;
            Assert.True(expected == doc.ScalarOrNull("metadata", "namespace"), $"{file}: metadata.namespace should be {expected}");
        }
    }

    [Fact]
    public void The_issue_lists_every_kind()
    {
        string[] kinds = ["Namespace", "ConfigMap", "Secret", "Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "Job"];
        Assert.Equal(kinds.Order(StringComparer.Ordinal), Manifests.Select(m => m.Doc.Scalar("kind")).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Deployment_probes_ready_and_health_on_a_declared_port_and_drains_before_stop()
    {
        var deployment = Single("Deployment");
        var container = Assert.Single(deployment.Items("spec", "template", "spec", "containers"));
        var ports = container.Items("ports").Select(p => p.Scalar("name")).ToHashSet();

        Assert.Equal("/ready", container.Scalar("readinessProbe", "httpGet", "path"));
        Assert.Equal("/health", container.Scalar("livenessProbe", "httpGet", "path"));
        Assert.Contains(container.Scalar("readinessProbe", "httpGet", "port"), ports);
        Assert.Contains(container.Scalar("livenessProbe", "httpGet", "port"), ports);
        Assert.NotEmpty(container.Items("lifecycle", "preStop", "exec", "command"));

        var grace = int.Parse(deployment.Scalar("spec", "template", "spec", "terminationGracePeriodSeconds"), System.Globalization.CultureInfo.InvariantCulture);
        var preStopSleep = int.Parse(container.Items("lifecycle", "preStop", "exec", "command").Last().ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(grace > preStopSleep + 10, "the grace period must leave time for the gateway's own drain after preStop");

        Assert.NotNull(container.Find("resources", "requests", "cpu"));
        Assert.NotNull(container.Find("resources", "requests", "memory"));
        Assert.NotNull(container.Find("resources", "limits", "memory"));
        Assert.NotNull(deployment.Find("spec", "template", "spec", "affinity", "podAntiAffinity"));
        Assert.Equal("true", deployment.Scalar("spec", "template", "spec", "securityContext", "runAsNonRoot"));
    }

    [Fact]
    public void Deployment_selector_matches_its_pods_and_the_service_pdb_and_policy_select_them()
    {
        var deployment = Single("Deployment");
        var podLabels = deployment.Entries("spec", "template", "metadata", "labels").ToDictionary(e => e.Key, e => e.Value.ToString());

        void AssertSelects(IEnumerable<KeyValuePair<string, YamlNode>> selector, string what)
        {
            var pairs = selector.ToList();
            Assert.True(pairs.Count > 0, $"{what} has an empty selector");
            foreach (var (key, value) in pairs)
            {
                Assert.True(podLabels.TryGetValue(key, out var label) && label == value.ToString(), $"{what} selects {key}={value}, which the gateway pods lack");
            }
        }

        AssertSelects(deployment.Entries("spec", "selector", "matchLabels"), "Deployment");
        AssertSelects(Single("Service").Entries("spec", "selector"), "Service");
        AssertSelects(Single("PodDisruptionBudget").Entries("spec", "selector", "matchLabels"), "PodDisruptionBudget");
        AssertSelects(Single("NetworkPolicy").Entries("spec", "podSelector", "matchLabels"), "NetworkPolicy");

        var hpa = Single("HorizontalPodAutoscaler");
        Assert.Equal("Deployment", hpa.Scalar("spec", "scaleTargetRef", "kind"));
        Assert.Equal(deployment.Scalar("metadata", "name"), hpa.Scalar("spec", "scaleTargetRef", "name"));
    }

    [Fact]
    public void Service_targets_container_ports_and_the_network_policy_admits_them()
    {
        var container = Single("Deployment").Items("spec", "template", "spec", "containers")[0];
        var byName = container.Items("ports").ToDictionary(p => p.Scalar("name"), p => p.Scalar("containerPort"));
        var configMap = Single("ConfigMap");

        foreach (var port in Single("Service").Items("spec", "ports"))
        {
            Assert.True(byName.ContainsKey(port.Scalar("targetPort")), $"Service port {port.Scalar("name")} targets an undeclared container port");
        }

        // The container ports must be where the gateway listens: ASPNETCORE_HTTP_PORTS and the gRPC h2c URL.
        Assert.Equal(byName["http"], configMap.Scalar("data", "ASPNETCORE_HTTP_PORTS"));
        Assert.EndsWith(":" + byName["grpc"], configMap.Scalar("data", "SyncKairos__Grpc__Url"), StringComparison.Ordinal);

        var admitted = Single("NetworkPolicy").Items("spec", "ingress").SelectMany(i => i.Items("ports")).Select(p => p.Scalar("port")).ToHashSet();
        Assert.Superset(byName.Values.ToHashSet(), admitted);
    }

    [Fact]
    public void Hpa_scales_on_cpu_and_websocket_connections()
    {
        var metrics = Single("HorizontalPodAutoscaler").Items("spec", "metrics");
        Assert.Contains(metrics, m => m.ScalarOrNull("resource", "name") == "cpu");
        Assert.Contains(metrics, m => m.ScalarOrNull("pods", "metric", "name") == "synckairos_websocket_connections");
    }

    [Fact]
    public void Every_synckairos_variable_is_a_key_the_gateway_reads_and_secrets_stay_out_of_the_config_map()
    {
        var names = new List<(string File, string Name)>();
        foreach (var (file, doc) in Manifests)
        {
            names.AddRange(doc.Entries("data").Select(e => (file, e.Key)));
            names.AddRange(doc.Entries("stringData").Select(e => (file, e.Key)));
            foreach (var container in doc.Items("spec", "template", "spec", "containers"))
            {
                names.AddRange(container.Items("env").Select(e => (file, e.Scalar("name"))));
            }
        }

        var synckairos = names.Where(n => n.Name.StartsWith("SyncKairos__", StringComparison.Ordinal)).ToList();
        Assert.Contains(synckairos, n => n.Name == "SyncKairos__Redis__ConnectionString");
        Assert.Contains(synckairos, n => n.Name == "SyncKairos__Audit__PostgresConnectionString");
        foreach (var (file, name) in synckairos)
        {
            Assert.True(GatewayConfigurationKeys.Contains(GatewayConfigurationKeys.FromEnvironmentName(name)), $"{file}: {name} is not a key the gateway reads");
        }

        var configMapKeys = Single("ConfigMap").Entries("data").Select(e => e.Key).ToList();
        Assert.DoesNotContain("SyncKairos__Redis__ConnectionString", configMapKeys);
        Assert.DoesNotContain("SyncKairos__Audit__PostgresConnectionString", configMapKeys);
        Assert.All(Single("Secret").Entries("stringData"), e => Assert.Equal("REPLACE_ME", e.Value.ToString()));
    }

    [Fact]
    public void Migrations_job_runs_the_gateway_migrate_command_with_the_connection_string_from_the_secret()
    {
        var job = Single("Job");
        var container = Assert.Single(job.Items("spec", "template", "spec", "containers"));
        Assert.Equal(["migrate"], container.Items("args").Select(a => a.ToString()));
        Assert.Equal(
            Single("Deployment").Items("spec", "template", "spec", "containers")[0].Scalar("image"),
            container.Scalar("image"));
        var env = Assert.Single(container.Items("env"));
        Assert.Equal("SyncKairos__Audit__PostgresConnectionString", env.Scalar("name"));
        Assert.Equal(Single("Secret").Scalar("metadata", "name"), env.Scalar("valueFrom", "secretKeyRef", "name"));
        Assert.Equal("false", Single("ConfigMap").Scalar("data", "SyncKairos__Audit__MigrateOnStart"));
    }
}
