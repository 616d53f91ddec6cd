using CallCenter.Gateway.Pages;
using CallCenter.Gateway.Security;

namespace CallCenter.Gateway.Softphone;

/// <summary>
/// The softphone page at "/": a browser client of /media/pcm, served from the Gateway assembly. The page is public; the
/// ticket it needs for /media/pcm (POST /api/media/pcm-token) is not, unless Security:AnonymousSoftphone.
/// </summary>
public static class SoftphoneEndpoints
{
    public static IEndpointRouteBuilder MapSoftphone(this IEndpointRouteBuilder app) => app.MapEmbeddedFiles(
        "CallCenter.Gateway.Softphone.",
        Surface.Public,
        ("/", "index.html"),
        ("/softphone.js", "softphone.js"),
        ("/pcm-worklet.js", "pcm-worklet.js"));
}
