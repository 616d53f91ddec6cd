namespace CallCenter.Gateway.Pages;

/// <summary>
/// The people's pages: the agent desktop at /agent and the supervisor wallboard at /supervisor, plain HTML and
/// JavaScript modules over the agent and supervisor APIs; the conversation panel and the helpers both use are under
/// /pages/.
/// </summary>
public static class PageEndpoints
{
    public static IEndpointRouteBuilder MapDeskPages(this IEndpointRouteBuilder app)
    {
        app.MapEmbeddedFiles("CallCenter.Gateway.Pages.AgentDesk.", ("/agent", "index.html"), ("/pages/agent-desk.js", "agent-desk.js"));
        app.MapEmbeddedFiles("CallCenter.Gateway.Pages.Wallboard.", ("/supervisor", "index.html"), ("/pages/wallboard.js", "wallboard.js"));
        app.MapEmbeddedFiles(
            "CallCenter.Gateway.Pages.Shared.",
            ("/pages/pages.css", "pages.css"),
            ("/pages/common.js", "common.js"),
            ("/pages/conversation.js", "conversation.js"),
            ("/pages/agent-voice.js", "agent-voice.js"));
        return app;
    }
}
