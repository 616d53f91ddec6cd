using System.Text.RegularExpressions;

namespace CallCenter.Tests.Deploy;

/// <summary>
/// deploy/compose.yaml and deploy/docker, read without Docker: the services the cluster needs in the order it needs
/// them, Dockerfiles that build projects that exist and start what those build, and every setting the files set
/// documented in deploy/README.md.
/// </summary>
public sealed partial class ComposeAndImageTests
{

    private static readonly string[] Dockerfiles = ["deploy/docker/silo.Dockerfile", "deploy/docker/gateway.Dockerfile"];

    private static readonly Yaml Services = DeployFiles.Compose()["services"];

    private static string? Dockerfile(Yaml service) => service["build"]["dockerfile"].Text;

    private static IEnumerable<(string Name, Yaml Service)> Silos() => Services.Entries
        .Where(s => Dockerfile(s.Value) == "deploy/docker/silo.Dockerfile" && s.Value["environment"]["Orleans__AdvertisedIP"].Exists);

    private static string DependsOn(Yaml service, string other) => service["depends_on"][other]["condition"].Text ?? "(none)";

    [Fact]
    public void Every_service_has_an_image_or_a_build_of_a_dockerfile_that_exists()
    {
        foreach (var (name, service) in Services.Entries)
        {
            Assert.True(service["image"].Exists || service["build"].Exists, name);
            if (service["build"].Exists)
            {
                var context = Path.GetFullPath(Path.Combine(DeployFiles.FullPath("deploy"), service["build"]["context"].Text!));
                Assert.Equal(DeployFiles.Root.TrimEnd('/'), context.TrimEnd('/'));
                Assert.True(DeployFiles.Exists(Dockerfile(service)!), $"{name}: {Dockerfile(service)}");
            }

            foreach (var dependency in service["depends_on"].Keys)
            {
                Assert.True(Services[dependency].Exists, $"{name} depends on {dependency}");
            }
        }
    }

    [Fact]
    public void PostgreSQL_then_the_migration_then_three_silos_then_the_gateway()
    {
        var postgres = Services["postgres"];
        Assert.Equal("postgres:17", postgres["image"].Text);
        Assert.Contains(postgres["healthcheck"]["test"].Items, t => t.Text!.Contains("pg_isready", StringComparison.Ordinal));
        Assert.Contains(postgres["volumes"].Items, v => v.Text!.EndsWith(":/var/lib/postgresql/data", StringComparison.Ordinal));

        var migrate = Services["migrate"];
        Assert.Equal("deploy/docker/silo.Dockerfile", Dockerfile(migrate));
        Assert.Equal(["migrate"], migrate["command"].Items.Select(c => c.Text));
        Assert.Equal("no", migrate["restart"].Text);
        Assert.Equal("service_healthy", DependsOn(migrate, "postgres"));

        var silos = Silos().ToList();
        Assert.Equal(3, silos.Count);
        foreach (var (name, silo) in silos)
        {
            Assert.Equal("service_healthy", DependsOn(silo, "postgres"));
            Assert.Equal("service_completed_successfully", DependsOn(silo, "migrate"));
            var env = silo["environment"];
            Assert.Equal("Postgres", env["Orleans__ClusteringMode"].Text);
            Assert.Contains("Host=postgres;", env["Orleans__ConnectionString"].Text);
            // A silo advertises the address the others reach it at: its own fixed address on the compose network.
            Assert.Equal(silo["networks"]["callcenter"]["ipv4_address"].Text, env["Orleans__AdvertisedIP"].Text);
            Assert.Matches("^[0-9]+s$", silo["stop_grace_period"].Text!);
            Assert.True(int.Parse(silo["stop_grace_period"].Text!.TrimEnd('s')) >= 35, name);
        }

        Assert.Equal(3, silos.Select(s => s.Service["hostname"].Text).Distinct().Count());
        Assert.Equal(3, silos.Select(s => s.Service["environment"]["Orleans__AdvertisedIP"].Text).Distinct().Count());

        var gateway = Services["gateway"];
        Assert.Equal("deploy/docker/gateway.Dockerfile", Dockerfile(gateway));
        Assert.Contains(gateway["ports"].Items, p => p.Text == "8080:8080");
        Assert.All(silos, s => Assert.Equal("service_healthy", DependsOn(gateway, s.Name)));
        foreach (var key in new[] { "Orleans__ClusteringMode", "Orleans__ConnectionString", "Orleans__ClusterId", "Orleans__ServiceId" })
        {
            Assert.Equal(silos[0].Service["environment"][key].Text, gateway["environment"][key].Text);
        }

        // Models and voice settings come from deploy/.env, which may be absent.
        foreach (var service in silos.Select(s => s.Service).Append(gateway))
        {
            var envFile = service["env_file"].Items.Single();
            Assert.Equal(".env", envFile["path"].Text);
            Assert.Equal("false", envFile["required"].Text);
        }
    }

    [Fact]
    public void The_Redis_override_puts_the_silos_and_the_Gateway_on_Redis_and_keeps_the_records_in_PostgreSQL()
    {
        var overrides = DeployFiles.Documents("deploy/compose.redis.yaml").Single()["services"];
        var redis = overrides["redis"];
        Assert.StartsWith("redis:7", redis["image"].Text);
        var command = redis["command"].Items.Select(c => c.Text).ToList();
        Assert.Equal("yes", command[command.IndexOf("--appendonly") + 1]);
        Assert.Equal("noeviction", command[command.IndexOf("--maxmemory-policy") + 1]);
        Assert.Contains("--requirepass", command);
        Assert.Contains(redis["healthcheck"]["test"].Items, t => t.Text == "ping");
        Assert.Contains(redis["volumes"].Items, v => v.Text!.EndsWith(":/data", StringComparison.Ordinal));

        // Every process of the cluster in compose.yaml moves, each with its address and everything else kept from there.
        var silos = Silos().Select(s => s.Name).ToList();
        Assert.Equal([.. silos, "gateway"], overrides.Keys.Where(k => k != "redis"));
        foreach (var name in overrides.Keys.Where(k => k != "redis"))
        {
            var env = overrides[name]["environment"];
            Assert.Equal("Redis", env["Orleans__ClusteringMode"].Text);
            Assert.StartsWith("redis:6379,password=", env["Orleans__ConnectionString"].Text);
            Assert.Equal("service_healthy", DependsOn(overrides[name], "redis"));
            Assert.False(env["Orleans__AdvertisedIP"].Exists, $"{name}: the address stays compose.yaml's");
        }

        foreach (var silo in silos)
        {
            Assert.StartsWith("Host=postgres;", overrides[silo]["environment"]["Orleans__RecordsConnectionString"].Text);
        }

        Assert.False(overrides["gateway"]["environment"]["Orleans__RecordsConnectionString"].Exists);
    }

    [Fact]
    public void Every_variable_the_compose_files_read_is_in_the_env_example()
    {
        var example = DeployFiles.Read("deploy/.env.example");
        var variables = ComposeVariable().Matches(DeployFiles.Read("deploy/compose.yaml") + DeployFiles.Read("deploy/compose.redis.yaml"))
            .Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(variables);
        Assert.All(variables, v => Assert.Matches($"(?m)^#?{v}=", example));
    }

    [Theory]
    [InlineData("deploy/docker/silo.Dockerfile")]
    [InlineData("deploy/docker/gateway.Dockerfile")]
    public void A_dockerfile_publishes_a_project_that_exists_and_starts_the_assembly_it_builds(string dockerfile)
    {
        var instructions = DeployFiles.Instructions(dockerfile);
        IEnumerable<string> Each(string keyword) => instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);

        var args = Each("ARG").Where(a => a.Contains('=')).Select(a => a.Split('=', 2)).ToDictionary(a => a[0], a => a[1]);
        var publish = Assert.Single(Each("RUN").Select(r => PublishedProject().Match(r)), m => m.Success).Groups[1].Value;
        var project = ArgumentReference().Replace(publish, m => args[m.Groups[1].Value]);
        var entry = Assert.Single(Each("ENTRYPOINT").Select(e => Entrypoint().Match(e)), m => m.Success).Groups[1].Value;

        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", args["SDK_IMAGE"]);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", args["ASPNET_IMAGE"]);
        Assert.True(DeployFiles.Exists(project), $"{project} does not exist");
        Assert.Equal(DeployFiles.AssemblyName(project) + ".dll", entry);

        Assert.Contains(Each("HEALTHCHECK"), h => h.Contains("/healthz", StringComparison.Ordinal));
        var user = Each("USER").Last();
        Assert.NotEqual("root", user);
        Assert.NotEqual("0", user);
        Assert.Contains("8080", Each("EXPOSE").SelectMany(e => e.Split(' ')));
    }

    [Fact]
    public void The_silo_image_has_the_speech_engines_the_bootstrap_installs_and_exposes_every_port()
    {
        var instructions = DeployFiles.Instructions("deploy/docker/silo.Dockerfile");
        var install = string.Join(' ', instructions.Where(i => i.Keyword == "RUN" && i.Arguments.Contains("apt-get install", StringComparison.Ordinal))
            .Select(i => i.Arguments)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var bootstrap = DeployFiles.Read("scripts/bootstrap.sh");
        foreach (var package in new[] { "libicu72", "libpocketsphinx3", "pocketsphinx-en-us", "libespeak-ng1", "espeak-ng-data" })
        {
            Assert.Contains(package, install);
            Assert.Contains($"need_apt+=({package})", bootstrap);
        }

        var exposed = instructions.Where(i => i.Keyword == "EXPOSE").SelectMany(i => i.Arguments.Split(' ')).ToHashSet();
        Assert.Superset(new HashSet<string> { "8080", "11111", "30000", "9092" }, exposed);
        Assert.Equal("[\"dotnet\", \"CallCenter.Silo.dll\"]", instructions.Single(i => i.Keyword == "ENTRYPOINT").Arguments);
    }

    [Fact]
    public void The_build_context_leaves_out_build_output_and_tests_but_keeps_the_postgres_scripts()
    {
        var patterns = DeployFiles.Read(".dockerignore").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Superset(new HashSet<string> { "**/bin/", "**/obj/", "tests/", "deploy/*", "!deploy/postgres/" }, patterns.ToHashSet());
        Assert.True(patterns.IndexOf("!deploy/postgres/") > patterns.IndexOf("deploy/*"), "the exception must come after the rule");
    }

    [Fact]
    public void Every_setting_the_files_set_is_documented_in_the_deploy_readme()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, service) in Services.Entries.Concat(DeployFiles.Documents("deploy/compose.redis.yaml").Single()["services"].Entries))
        {
            names.UnionWith(service["environment"].Keys);
        }

        foreach (var (_, o) in DeployFiles.KubernetesObjects())
        {
            if (o["kind"].Text == "Deployment")
            {
                var pod = o["spec"]["template"]["spec"];
                names.UnionWith(pod["containers"].Items.Concat(pod["initContainers"].Items).SelectMany(c => c["env"].Items).Select(e => e["name"].Text!));
            }
        }

        names.UnionWith(DeployFiles.KubernetesObject("ConfigMap", "callcenter-config")["data"].Keys);
        names.UnionWith(DeployFiles.Documents("deploy/kubernetes/templates/secret.yaml").Single()["stringData"].Keys);
        foreach (var dockerfile in Dockerfiles)
        {
            names.UnionWith(DeployFiles.Instructions(dockerfile).Where(i => i.Keyword == "ENV")
                .SelectMany(i => EnvAssignment().Matches(i.Arguments).Select(m => m.Groups[1].Value)));
        }

        Assert.Contains("Orleans__AdvertisedIP", names);
        var readme = DeployFiles.Read("deploy/README.md");
        Assert.All(names, name => Assert.Contains($"`{name}`", readme));
    }

    [GeneratedRegex(@"\$\{(\w+)(?::-[^}]*)?\}")]
    private static partial Regex ComposeVariable();

    [GeneratedRegex(@"dotnet publish\s+(\S+)")]
    private static partial Regex PublishedProject();

    [GeneratedRegex(@"^""?\$\{?(\w+)\}?""?$")]
    private static partial Regex ArgumentReference();

    [GeneratedRegex(@"^\[""dotnet"",\s*""([^""]+)""\]$")]
    private static partial Regex Entrypoint();

    [GeneratedRegex(@"(?:^|\s)(\w+)=")]
    private static partial Regex EnvAssignment();
}
