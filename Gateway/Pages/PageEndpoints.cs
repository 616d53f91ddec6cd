using CallCenter.Gateway.Security;

namespace CallCenter.Gateway.Pages;

/// <summary>
/// The people's pages: the agent desktop at /agent and the supervisor wallboard at /supervisor, plain HTML and
/// JavaScript modules over the agent and supervisor APIs; the conversation panel and the helpers both use are under
/// /pages/. The pages are for signed-in staff; their scripts and styles (code, no data) are public, as the sign-in page
/// needs the styles.
/// </summary>
public static class PageEndpoints
{
    public static IEndpointRouteBuilder MapDeskPages(this IEndpointRouteBuilder app)
    {
        app.MapEmbeddedFiles("CallCenter.Gateway.Pages.AgentDesk.", Surface.AgentPage, ("/agent", "index.html"));
        app.MapEmbeddedFiles("CallCenter.Gateway.Pages.Wallboard.", Surface.Supervision, ("/supervisor", "index.html"));
        app.MapEmbeddedFiles("CallCenter.Gateway.Pages.AgentDesk.", Surface.Public, ("/pages/agent-desk.js", "agent-desk.js"));
        app.MapEmbeddedFiles("CallCenter.Gateway.Pages.Wallboard.", Surface.Public, ("/pages/wallboard.js", "wallboard.js"));
        app.MapEmbeddedFiles(
            "CallCenter.Gateway.Pages.Shared.",
            Surface.Public,
            ("/pages/pages.css", "pages.css"),
            ("/pages/common.js", "common.js"),
            ("/pages/conversation.js", "conversation.js"),
            ("/pages/agent-voice.js", "agent-voice.js"));
        return app;
    }
}
