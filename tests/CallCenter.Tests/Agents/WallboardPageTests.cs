using System.Text.Json;
using System.Text.RegularExpressions;
using CallCenter.Calls;
using CallCenter.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CallCenter.Tests.Agents;

/// <summary>The supervisor wallboard at /supervisor in Debian's headless Chromium, with calls driven over the HTTP API.</summary>
[Collection(AgentCollection.Name)]
public sealed class WallboardPageTests(AgentHostFixture host, ITestOutputHelper output)
{
    private readonly ChatApi _api = new(host.Http);

    [Fact]
    public async Task An_urgent_call_alerts_the_supervisor_at_once_who_follows_it_and_takes_it_over()
    {
        await AgentDeskClient.ClearFloorAsync(host.Http);
        await using var browser = await HeadlessChromium.LaunchAsync();
        var supervisor = host.Identities.Next(Gateway.Security.Roles.Supervisor);
        var page = await OpenWallboardAsync(browser, supervisor);

        var call = await _api.StartAsync("en");
        var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var turn = await _api.SayAsync(call.CallId, "this is fraud, I'm calling my lawyer");
        var answered = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.True(turn.Urgent);

        var alert = page.Locator($"#alert-list li.alert.fresh[data-call-id='{call.CallId}']");
        await alert.WaitForAsync(new LocatorWaitForOptions { Timeout = 5_000 });
        var shown = long.Parse(await alert.GetAttributeAsync("data-received-at") ?? "0");
        output.WriteLine($"Urgent-call alert shown {shown - answered} ms after the API answered the caller ({shown - sent} ms after the message was sent).");
        var alertText = await alert.InnerTextAsync();
        Assert.Contains(call.CallId, alertText);
        Assert.Contains("URGENT", alertText);
        Assert.Matches(@"\d\d:\d\d:\d\d", alertText);

        // The call is on the board, urgent and waiting; a click on the alert follows its transcript live.
        await Expect(page.Locator($"#active-calls tr[data-call-id='{call.CallId}']")).ToContainTextAsync("URGENT", PageWaits.Contains);
        await Expect(page.Locator($"#waiting-calls tr[data-call-id='{call.CallId}']")).ToBeVisibleAsync();
        await alert.ClickAsync();
        var conversation = page.Locator("#conversation");
        await Expect(conversation.Locator(".transcript li.caller")).ToContainTextAsync("calling my lawyer", PageWaits.Contains);
        await _api.SayAsync(call.CallId, "hello? is anyone there?");
        await Expect(conversation.Locator(".transcript li.caller").Last).ToContainTextAsync("is anyone there", PageWaits.Contains);

        // Take over: on the floor as the supervisor's own agent id, then talk to the caller like the agent desktop.
        await Expect(page.Locator("#supervisor-id")).ToHaveValueAsync(supervisor.AgentId);
        await page.FillAsync("#supervisor-name", "Sam");
        await page.ClickAsync("#take-over");
        await Expect(page.Locator("#reply-text")).ToBeVisibleAsync();
        Assert.Equal(CallStatus.WithAgent, (await _api.GetAsync(call.CallId)).Status);
        await page.FillAsync("#reply-text", "I'm the supervisor; I'll sort this out now.");
        await page.ClickAsync("#reply-send");
        await Expect(conversation.Locator(".transcript li.agent").Last).ToContainTextAsync("I'll sort this out", PageWaits.Contains);
        Assert.Equal(1, await conversation.Locator(".transcript li.system").Filter(new LocatorFilterOptions { HasTextString = "Sam" }).CountAsync());

        // Handed back, the AI has the call again; the supervisor's page keeps following it.
        await page.ClickAsync("#hand-back");
        await Expect(conversation.Locator(".transcript li.bot").Last).ToContainTextAsync("back with the virtual assistant", PageWaits.Contains);
        await Expect(conversation).ToHaveAttributeAsync("data-finished", "true");
        Assert.True(await page.Locator("#error").IsHiddenAsync(), await page.Locator("#error").InnerTextAsync());
        var record = await _api.GetAsync(call.CallId);
        Assert.Equal(CallStatus.Active, record.Status);
        Assert.Contains(record.Turns, t => t.Speaker == Speaker.Agent && t.Text.Contains("I'll sort this out"));
        await _api.HangUpAsync(call.CallId);
        await Expect(conversation.Locator(".transcript li.ended")).ToContainTextAsync("resolved by ai", PageWaits.Contains);
    }

    [Fact]
    public async Task The_wallboard_figures_move_as_calls_start_and_end()
    {
        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await OpenWallboardAsync(browser, host.Identities.Next(Gateway.Security.Roles.Supervisor));
        var active = int.Parse(await page.InnerTextAsync("#active-count"));
        var ended = int.Parse(await page.InnerTextAsync("#calls-ended"));

        var call = await _api.StartAsync("en");
        await Expect(page.Locator("#active-count")).ToHaveTextAsync((active + 1).ToString(), PageWaits.Text);
        await Expect(page.Locator($"#active-calls tr[data-call-id='{call.CallId}']")).ToBeVisibleAsync();
        await _api.SayAsync(call.CallId, "where is my order A1001");
        await Expect(page.Locator($"#active-calls tr[data-call-id='{call.CallId}'] td.last")).ToContainTextAsync("A1001", PageWaits.Contains);

        var bye = await _api.SayAsync(call.CallId, "thanks, goodbye");
        Assert.Equal(CallStatus.Ended, bye.Status);
        await Expect(page.Locator("#active-count")).ToHaveTextAsync(active.ToString(), PageWaits.Text);
        await Expect(page.Locator("#calls-ended")).ToHaveTextAsync((ended + 1).ToString(), PageWaits.Text);
        Assert.Equal(CallOutcome.ResolvedByAi, (await _api.GetAsync(call.CallId)).Outcome);

        // The AI-resolved call counts in the containment rate the page shows.
        var board = JsonDocument.Parse(await host.Http.GetStringAsync("api/supervisor/wallboard")).RootElement;
        var containment = board.GetProperty("containment").GetDouble();
        Assert.True(containment > 0);
        await Expect(page.Locator("#containment")).ToHaveTextAsync($"{Math.Round(containment * 100, MidpointRounding.AwayFromZero)}%", PageWaits.Text);
    }

    /// <summary>The wallboard, signed in as <paramref name="supervisor"/>, live and showing its first figures.</summary>
    private async Task<IPage> OpenWallboardAsync(HeadlessChromium browser, TestIdentity supervisor)
    {
        var page = await browser.NewPageAsync();
        await TestCredentials.SignInAsync(page, host.BaseAddress, supervisor, "supervisor");
        await Expect(page.Locator("#connection")).ToHaveTextAsync("live", PageWaits.Text);
        await Expect(page.Locator("#active-count")).ToHaveTextAsync(new Regex(@"^\d+$"), PageWaits.Text);
        return page;
    }
}
