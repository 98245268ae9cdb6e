using YamlDotNet.RepresentationModel;

namespace SyncKairos.Deploy.Tests.Infrastructure;

/// <summary>Small navigation helpers over YamlDotNet's node model, failing with the path that is missing.</summary>
public static class Yaml
{
    public static IReadOnlyList<YamlMappingNode> LoadDocuments(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    public static YamlNode? Find(this YamlNode node, params string[] path)
    {
        var current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    public static YamlNode Get(this YamlNode node, params string[] path) =>
        node.Find(path) ?? throw new Xunit.Sdk.XunitException($"missing '{string.Join('.', path)}'");

    public static string Scalar(this YamlNode node, params string[] path) =>
        node.Get(path) is YamlScalarNode { Value: { } value } ? value : throw new Xunit.Sdk.XunitException($"'{string.Join('.', path)}' is not a scalar");

    public static string? ScalarOrNull(this YamlNode node, params string[] path) => (node.Find(path) as YamlScalarNode)?.Value;

    public static IReadOnlyList<YamlNode> Items(this YamlNode node, params string[] path) =>
        node.Find(path) is YamlSequenceNode seq ? seq.Children.ToList() : [];

    public static IEnumerable<KeyValuePair<string, YamlNode>> Entries(this YamlNode node, params string[] path) =>
        node.Find(path) is YamlMappingNode map
            ? map.Children.Select(kv => new KeyValuePair<string, YamlNode>(((YamlScalarNode)kv.Key).Value ?? "", kv.Value))
            : [];
}
