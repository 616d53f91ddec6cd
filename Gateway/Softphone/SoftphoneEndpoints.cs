using CallCenter.Gateway.Pages;

namespace CallCenter.Gateway.Softphone;

/// <summary>The softphone page at "/": a browser client of /media/pcm, served from the Gateway assembly.</summary>
public static class SoftphoneEndpoints
{
    public static IEndpointRouteBuilder MapSoftphone(this IEndpointRouteBuilder app) => app.MapEmbeddedFiles(
        "CallCenter.Gateway.Softphone.",
        ("/", "index.html"),
        ("/softphone.js", "softphone.js"),
        ("/pcm-worklet.js", "pcm-worklet.js"));
}
