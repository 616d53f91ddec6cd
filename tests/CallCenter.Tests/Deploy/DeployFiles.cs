using System.Text.RegularExpressions;
using CallCenter.Tests.Infrastructure;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace CallCenter.Tests.Deploy;

/// <summary>
/// The files under deploy/, read as their tools read them: YAML with anchors and merge keys (Compose, kubectl), Dockerfiles
/// as instructions with continuation lines joined.
/// </summary>
internal static class DeployFiles
{
    public static string Root { get; } = TestPaths.RepositoryRoot();

    public static string FullPath(string relative) => Path.Combine(Root, relative);

    public static string Read(string relative) => File.ReadAllText(FullPath(relative));

    public static bool Exists(string relative) => File.Exists(FullPath(relative));

    /// <summary>Every YAML file under deploy/, relative to the repository root with '/' separators, in order.</summary>
    public static IReadOnlyList<string> YamlFiles() =>
        [.. Directory.EnumerateFiles(FullPath("deploy"), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    /// <summary>The documents of a YAML file (empty ones left out), merge keys resolved.</summary>
    public static IReadOnlyList<Yaml> Documents(string relative)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new MergingParser(new Parser(new StringReader(Read(relative))));
        parser.Consume<StreamStart>();
        var documents = new List<Yaml>();
        while (parser.Accept<DocumentStart>(out _))
        {
            var document = deserializer.Deserialize<object?>(parser);
            if (document is not null)
            {
                documents.Add(new Yaml(document));
            }
        }

        return documents;
    }

    /// <summary>The Kubernetes objects the manifests define (kustomization.yaml aside), with the file each is in.</summary>
    public static IReadOnlyList<(string File, Yaml Object)> KubernetesObjects() =>
        [.. YamlFiles()
            .Where(f => f.StartsWith("deploy/kubernetes/", StringComparison.Ordinal))
            .SelectMany(f => Documents(f).Select(d => (File: f, Object: d)))
            .Where(o => o.Object["kind"].Text != "Kustomization")];

    public static Yaml KubernetesObject(string kind, string name) =>
        KubernetesObjects().Select(o => o.Object).Single(o => o["kind"].Text == kind && o["metadata"]["name"].Text == name);

    public static Yaml Compose() => Documents("deploy/compose.yaml").Single();

    /// <summary>A Dockerfile's instructions: keyword (upper case) and arguments, continuation lines joined, comments left out.</summary>
    public static IReadOnlyList<(string Keyword, string Arguments)> Instructions(string relative)
    {
        var instructions = new List<(string, string)>();
        var current = "";
        foreach (var line in Read(relative).Split('\n'))
        {
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            current += line.TrimEnd();
            if (current.EndsWith('\\'))
            {
                current = current[..^1] + " ";
                continue;
            }

            var instruction = current.Trim();
            current = "";
            if (instruction.Length > 0)
            {
                var space = instruction.IndexOf(' ');
                instructions.Add(space < 0
                    ? (instruction.ToUpperInvariant(), "")
                    : (instruction[..space].ToUpperInvariant(), instruction[(space + 1)..].Trim()));
            }
        }

        return instructions;
    }

    /// <summary>The assembly a project builds: its AssemblyName, else its file name.</summary>
    public static string AssemblyName(string projectRelative)
    {
        var match = Regex.Match(Read(projectRelative), "<AssemblyName>([^<]+)</AssemblyName>");
        return match.Success ? match.Groups[1].Value : Path.GetFileNameWithoutExtension(projectRelative);
    }
}

/// <summary>A node of a deserialized YAML document: a mapping, a sequence, a scalar, or nothing (a missing key).</summary>
internal readonly record struct Yaml(object? Value)
{
    public Yaml this[string key] =>
        Value is IDictionary<object, object> map && map.TryGetValue(key, out var child) ? new Yaml(child) : default;

    public bool Exists => Value is not null;

    public string? Text => Value as string;

    public IEnumerable<Yaml> Items => Value is IList<object> list ? list.Select(i => new Yaml(i)) : [];

    public IEnumerable<(string Key, Yaml Value)> Entries =>
        Value is IDictionary<object, object> map ? map.Select(e => ((string)e.Key, new Yaml(e.Value))) : [];

    public IEnumerable<string> Keys => Entries.Select(e => e.Key);

    public override string ToString() => Value?.ToString() ?? "(none)";
}
