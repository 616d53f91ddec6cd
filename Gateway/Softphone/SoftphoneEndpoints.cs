using System.Reflection;

namespace CallCenter.Gateway.Softphone;

/// <summary>
/// The softphone page at "/": a browser client of /media/pcm. Its three files are embedded in the Gateway assembly, so
/// whichever process hosts the Gateway serves them.
/// </summary>
public static class SoftphoneEndpoints
{
    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/softphone.js", "softphone.js", "text/javascript; charset=utf-8"),
        ("/pcm-worklet.js", "pcm-worklet.js", "text/javascript; charset=utf-8"),
    ];

    public static IEndpointRouteBuilder MapSoftphone(this IEndpointRouteBuilder app)
    {
        foreach (var (path, resource, contentType) in Files)
        {
            var content = Load(resource);
            app.MapGet(path, () => Results.Bytes(content, contentType));
        }

        return app;
    }

    private static byte[] Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"CallCenter.Gateway.Softphone.{name}")
            ?? throw new InvalidOperationException($"The softphone file {name} is not embedded in the Gateway assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
