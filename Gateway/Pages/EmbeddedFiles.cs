using System.Reflection;
using CallCenter.Gateway.Security;

namespace CallCenter.Gateway.Pages;

/// <summary>
/// Serves files embedded in the Gateway assembly (the browser pages), so whichever process hosts the Gateway serves
/// them. A file's resource name is its folder's prefix and its file name (see the EmbeddedResource items of the project).
/// </summary>
public static class EmbeddedFiles
{
    /// <param name="surface">Who may fetch them (<see cref="AccessPolicy"/>).</param>
    public static IEndpointRouteBuilder MapEmbeddedFiles(this IEndpointRouteBuilder app, string resourcePrefix, Surface surface, params (string Path, string File)[] files)
    {
        foreach (var (path, file) in files)
        {
            var content = Load(resourcePrefix + file);
            var contentType = ContentType(file);
            app.MapGet(path, () => Results.Bytes(content, contentType)).RequireAccess(surface);
        }

        return app;
    }

    private static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    };

    private static byte[] Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The page file {name} is not embedded in the Gateway assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
