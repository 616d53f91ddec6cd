namespace CallCenter.Tests.Deploy;

/// <summary>
/// deploy/kubernetes, read without a cluster: every object well formed and in the namespace, the pods carrying what
/// Orleans' Kubernetes hosting reads, probes, the drain's grace period, and the Services, budgets and autoscaler selecting
/// pods that exist.
/// </summary>
public sealed class KubernetesManifestTests
{
    private const string Namespace = "callcenter";

    private static readonly Yaml Silo = DeployFiles.KubernetesObject("Deployment", "callcenter-silo");

    private static Yaml PodSpec(Yaml deployment) => deployment["spec"]["template"]["spec"];

    private static Yaml Container(Yaml deployment) => PodSpec(deployment)["containers"].Items.Single();

    private static Dictionary<string, Yaml> Env(Yaml container) =>
        container["env"].Items.ToDictionary(e => e["name"].Text!, e => e);

    private static string? FieldRef(Yaml env) => env["valueFrom"]["fieldRef"]["fieldPath"].Text;

    [Fact]
    public void Every_yaml_file_under_deploy_parses()
    {
        var files = DeployFiles.YamlFiles();
        Assert.Contains("deploy/compose.yaml", files);
        Assert.Contains("deploy/kubernetes/silo.yaml", files);
        foreach (var file in files)
        {
            Assert.NotEmpty(DeployFiles.Documents(file));
        }
    }

    [Fact]
    public void Every_object_has_api_version_kind_name_and_the_namespace()
    {
        var objects = DeployFiles.KubernetesObjects();
        Assert.True(objects.Count >= 12, $"{objects.Count} objects");
        foreach (var (file, o) in objects)
        {
            Assert.False(string.IsNullOrEmpty(o["apiVersion"].Text), $"{file}: apiVersion");
            Assert.False(string.IsNullOrEmpty(o["kind"].Text), $"{file}: kind");
            Assert.False(string.IsNullOrEmpty(o["metadata"]["name"].Text), $"{file}: metadata.name");
            if (o["kind"].Text != "Namespace" && !file.Contains("/monitoring/prometheus-adapter", StringComparison.Ordinal))
            {
                Assert.True(o["metadata"]["namespace"].Text == Namespace, $"{file}: {o["kind"]} {o["metadata"]["name"]} is not in {Namespace}");
            }
        }
    }

    [Fact]
    public void The_kustomization_applies_every_manifest_but_the_templates_and_the_monitoring_pieces()
    {
        var kustomization = DeployFiles.Documents("deploy/kubernetes/kustomization.yaml").Single();
        var resources = kustomization["resources"].Items.Select(r => r.Text!).ToList();
        var manifests = DeployFiles.YamlFiles()
            .Where(f => Path.GetDirectoryName(f)!.Replace('\\', '/') == "deploy/kubernetes" && !f.EndsWith("/kustomization.yaml", StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .ToList();
        Assert.Equal(manifests.Order(), resources.Order());
        Assert.DoesNotContain(resources, r => r.StartsWith("templates/", StringComparison.Ordinal) || r.StartsWith("monitoring/", StringComparison.Ordinal));
        var images = kustomization["images"].Items.Select(i => i["name"].Text).ToHashSet();
        foreach (var deployment in DeployFiles.KubernetesObjects().Where(o => o.Object["kind"].Text == "Deployment"))
        {
            Assert.Contains(Container(deployment.Object)["image"].Text!.Split(':')[0], images);
        }
    }

    [Fact]
    public void Silo_pods_carry_the_labels_and_environment_of_Orleans_Kubernetes_hosting()
    {
        var labels = Silo["spec"]["template"]["metadata"]["labels"];
        Assert.False(string.IsNullOrEmpty(labels["orleans/serviceId"].Text));
        Assert.False(string.IsNullOrEmpty(labels["orleans/clusterId"].Text));

        var env = Env(Container(Silo));
        Assert.Equal("metadata.name", FieldRef(env["POD_NAME"]));
        Assert.Equal("metadata.namespace", FieldRef(env["POD_NAMESPACE"]));
        Assert.Equal("status.podIP", FieldRef(env["POD_IP"]));
        Assert.Equal("metadata.labels['orleans/serviceId']", FieldRef(env["ORLEANS_SERVICE_ID"]));
        Assert.Equal("metadata.labels['orleans/clusterId']", FieldRef(env["ORLEANS_CLUSTER_ID"]));
        // The engine's own settings from the same sources, so they cannot disagree with the labels.
        Assert.Equal("metadata.labels['orleans/serviceId']", FieldRef(env["Orleans__ServiceId"]));
        Assert.Equal("metadata.labels['orleans/clusterId']", FieldRef(env["Orleans__ClusterId"]));
        Assert.Equal("status.podIP", FieldRef(env["Orleans__AdvertisedIP"]));
        Assert.Equal("true", env["Orleans__KubernetesHosting"]["value"].Text); // the silo calls UseKubernetesHosting

        // The Gateway (an Orleans client) takes the identity from the ConfigMap: it must be the silos'.
        var config = DeployFiles.KubernetesObject("ConfigMap", "callcenter-config")["data"];
        Assert.Equal(labels["orleans/serviceId"].Text, config["Orleans__ServiceId"].Text);
        Assert.Equal(labels["orleans/clusterId"].Text, config["Orleans__ClusterId"].Text);
        Assert.Equal("Postgres", config["Orleans__ClusteringMode"].Text);
    }

    [Fact]
    public void The_silos_service_account_may_get_watch_list_delete_and_patch_pods()
    {
        var account = PodSpec(Silo)["serviceAccountName"].Text!;
        Assert.True(DeployFiles.KubernetesObject("ServiceAccount", account).Exists);
        Assert.NotEqual("false", PodSpec(Silo)["automountServiceAccountToken"].Value?.ToString());

        var binding = DeployFiles.KubernetesObjects().Select(o => o.Object).Single(o => o["kind"].Text == "RoleBinding"
            && o["subjects"].Items.Any(s => s["kind"].Text == "ServiceAccount" && s["name"].Text == account));
        var role = DeployFiles.KubernetesObject(binding["roleRef"]["kind"].Text!, binding["roleRef"]["name"].Text!);
        var podRule = role["rules"].Items.Single(r => r["resources"].Items.Any(x => x.Text == "pods"));
        Assert.Contains(podRule["apiGroups"].Items, g => g.Text == "");
        var verbs = podRule["verbs"].Items.Select(v => v.Text).ToHashSet();
        Assert.Superset(new HashSet<string?> { "get", "watch", "list", "delete", "patch" }, verbs);
    }

    [Theory]
    [InlineData("callcenter-silo")]
    [InlineData("callcenter-gateway")]
    public void Pods_are_ready_on_healthz_live_on_livez_drain_within_the_grace_period_and_have_resources(string name)
    {
        var deployment = DeployFiles.KubernetesObject("Deployment", name);
        var container = Container(deployment);
        // Readiness follows /healthz (503 while a silo drains); liveness only asks whether the process answers, so a
        // draining silo is not restarted.
        foreach (var (probe, path) in new[] { ("startupProbe", "/healthz"), ("readinessProbe", "/healthz"), ("livenessProbe", "/livez") })
        {
            Assert.Equal(path, container[probe]["httpGet"]["path"].Text);
            Assert.Contains(container["ports"].Items, p => p["name"].Text == container[probe]["httpGet"]["port"].Text);
        }

        // The silo exits within Drain__TimeoutSeconds of SIGTERM; Kubernetes must not kill it before.
        var drain = int.Parse(DeployFiles.KubernetesObject("ConfigMap", "callcenter-config")["data"]["Drain__TimeoutSeconds"].Text!);
        Assert.True(int.Parse(PodSpec(deployment)["terminationGracePeriodSeconds"].Text!) >= drain + 5);
        Assert.True(container["resources"]["requests"]["cpu"].Exists);
        Assert.True(container["resources"]["requests"]["memory"].Exists);
        Assert.True(container["resources"]["limits"]["memory"].Exists);
        Assert.Equal("true", PodSpec(deployment)["securityContext"]["runAsNonRoot"].Text);
        Assert.Contains(container["envFrom"].Items, e => e["secretRef"]["name"].Text == "callcenter-secrets");
        Assert.Contains(container["envFrom"].Items, e => e["configMapRef"]["name"].Text == "callcenter-config");
    }

    [Fact]
    public void Every_service_and_disruption_budget_selects_pods_of_a_deployment()
    {
        var podLabels = DeployFiles.KubernetesObjects()
            .Where(o => o.Object["kind"].Text == "Deployment")
            .Select(o => o.Object["spec"]["template"]["metadata"]["labels"].Entries.ToDictionary(e => e.Key, e => e.Value.Text))
            .ToList();
        var selectors = DeployFiles.KubernetesObjects().Select(o => o.Object).Where(o => o["kind"].Text is "Service" or "PodDisruptionBudget")
            .Select(o => (Name: $"{o["kind"]} {o["metadata"]["name"]}",
                Selector: (o["kind"].Text == "Service" ? o["spec"]["selector"] : o["spec"]["selector"]["matchLabels"]).Entries.ToList()))
            .ToList();
        Assert.Equal(5, selectors.Count);
        foreach (var (name, selector) in selectors)
        {
            Assert.NotEmpty(selector);
            Assert.True(podLabels.Any(labels => selector.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value.Text)),
                $"{name} selects no pods");
        }

        var siloService = DeployFiles.KubernetesObject("Service", "callcenter-silo");
        Assert.Equal("None", siloService["spec"]["clusterIP"].Text);
        var gatewayService = DeployFiles.KubernetesObject("Service", "callcenter-gateway");
        Assert.Contains(gatewayService["spec"]["ports"].Items, p => p["port"].Text == "8080");
        Assert.Equal("1", DeployFiles.KubernetesObject("PodDisruptionBudget", "callcenter-silo")["spec"]["maxUnavailable"].Text);
    }

    [Fact]
    public void The_autoscaler_scales_the_silos_on_the_active_calls_each_silo_exports()
    {
        var hpa = DeployFiles.KubernetesObject("HorizontalPodAutoscaler", "callcenter-silo");
        Assert.Equal("autoscaling/v2", hpa["apiVersion"].Text);
        Assert.Equal("Deployment", hpa["spec"]["scaleTargetRef"]["kind"].Text);
        Assert.Equal("callcenter-silo", hpa["spec"]["scaleTargetRef"]["name"].Text);
        Assert.True(int.Parse(hpa["spec"]["minReplicas"].Text!) >= 3);
        // The HPA owns the count: a replicas field would reset it on every apply.
        Assert.False(Silo["spec"]["replicas"].Exists);

        var metric = hpa["spec"]["metrics"].Items.Single();
        Assert.Equal("Pods", metric["type"].Text);
        Assert.Equal("callcenter_calls_active", metric["pods"]["metric"]["name"].Text);
        Assert.Equal("AverageValue", metric["pods"]["target"]["type"].Text);

        // The gauge exists under that name: OpenTelemetry's Prometheus exporter writes callcenter.calls.active with '_'.
        Assert.Contains("\"callcenter.calls.active\"", DeployFiles.Read("Grains/Telemetry/CallCenterMetrics.cs"));
        // And the adapter rule serves it.
        var adapter = DeployFiles.Documents("deploy/kubernetes/monitoring/prometheus-adapter-rules.yaml").Single();
        var rules = new YamlDotNet.Serialization.DeserializerBuilder().Build()
            .Deserialize<Dictionary<string, List<Dictionary<string, object>>>>(adapter["data"]["config.yaml"].Text!)["rules"];
        Assert.Contains(rules, r => ((string)r["seriesQuery"]).StartsWith("callcenter_calls_active{", StringComparison.Ordinal));
    }

    [Fact]
    public void The_secret_is_a_template_without_secrets()
    {
        var secret = DeployFiles.Documents("deploy/kubernetes/templates/secret.yaml").Single();
        Assert.Equal("callcenter-secrets", secret["metadata"]["name"].Text);
        Assert.True(secret["stringData"]["Orleans__ConnectionString"].Exists);
        Assert.All(secret["stringData"].Entries, e => Assert.Contains("REPLACE-ME", e.Value.Text));
    }
}
