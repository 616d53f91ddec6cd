using System.Net;
using System.Reflection;

namespace CallCenter.Gateway.Security;

/// <summary>
/// The sign-in page: served at /sign-in, and as the body of a 401 or 403 to a browser asking for a page it may not see
/// yet, so the person signs in right there and comes back to what they asked for.
/// </summary>
public static class SignInPage
{
    private static readonly Lazy<string> Template = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("CallCenter.Gateway.Pages.SignIn.index.html")
            ?? throw new InvalidOperationException("The sign-in page is not embedded in the Gateway assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static Task WriteAsync(HttpContext http, string? message, string? returnUrl = null)
    {
        var request = http.Request;
        var html = Template.Value
            .Replace("{{hidden}}", string.IsNullOrEmpty(message) ? "hidden" : "", StringComparison.Ordinal)
            .Replace("{{message}}", WebUtility.HtmlEncode(message ?? ""), StringComparison.Ordinal)
            .Replace("{{returnUrl}}", WebUtility.HtmlEncode(LocalOrHome(returnUrl ?? request.PathBase + request.Path + request.QueryString)), StringComparison.Ordinal);
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsync(html);
    }

    /// <summary>Where to go after signing in: only a path on this site (never another site: no open redirect).</summary>
    public static string LocalOrHome(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Contains("/sign-in", StringComparison.OrdinalIgnoreCase)
            ? url
            : "/";
}
