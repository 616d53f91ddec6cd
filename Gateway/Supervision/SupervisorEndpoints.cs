using CallCenter.Calls;
using CallCenter.Gateway.Chat;
using CallCenter.Gateway.Limits;
using CallCenter.Gateway.Live;
using CallCenter.Gateway.Security;
using CallCenter.Supervision;

namespace CallCenter.Gateway.Supervision;

/// <summary>
/// The supervisor's API: the wallboard's figures, and a live feed of every call event (alerts the moment they happen)
/// with the wallboard every second (and one "clock" after the first); <c>?callId=</c> follows one call's transcript.
/// </summary>
public static class SupervisorEndpoints
{
    public static IEndpointRouteBuilder MapSupervisorApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/supervisor/wallboard", async (IGrainFactory grains) =>
            Results.Json(await grains.GetGrain<IWallboardGrain>(WallboardKeys.Default).GetAsync(), ApiJson.Options)).RequireAccess(Surface.Supervision);
        app.MapGet("/api/supervisor/events", FollowAsync).RequireAccess(Surface.Supervision).WithLimits(Limit.Connections);
        return app;
    }

    private static async Task FollowAsync(HttpContext http, IGrainFactory grains, LiveCallEvents live, TimeProvider time)
    {
        var callId = http.Request.Query["callId"].ToString() is { Length: > 0 } id ? id : null;
        var wallboard = grains.GetGrain<IWallboardGrain>(WallboardKeys.Default);
        using var follower = await live.FollowAsync();
        var sse = await ServerSentEvents.StartAsync(http.Response);
        var aborted = http.RequestAborted;
        try
        {
            await sse.SendAsync("wallboard", await wallboard.GetAsync(), aborted);
            await sse.SendClockAsync(time, aborted);
            var next = DateTime.UtcNow.AddSeconds(1);
            while (!aborted.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                wait.CancelAfter(next - DateTime.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero);
                try
                {
                    var e = await follower.Events.ReadAsync(wait.Token);
                    if (e.Kind == CallEventKind.SupervisorAlert)
                    {
                        await sse.SendAsync("alert", e, aborted);
                    }

                    if (callId is null || e.CallId == callId)
                    {
                        await sse.SendAsync("call", e, aborted);
                    }
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    await sse.SendAsync("wallboard", await wallboard.GetAsync(), aborted);
                    next = DateTime.UtcNow.AddSeconds(1);
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
        }
    }
}
