using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallCenter.Gateway.Security;
using CallCenter.Tests.Infrastructure;

namespace CallCenter.Tests.Security;

/// <summary>Signing in on the pages (the form and its cookie) and for programs (a bearer token), as a browser and a script do.</summary>
[Collection(SecurityCollection.Name)]
public sealed class SignInTests(SecurityHostFixture host)
{
    [Fact]
    public async Task A_page_asks_for_the_sign_in_and_the_right_password_opens_it()
    {
        var agent = host.Identities.Next();
        using var browser = Browser(out var cookies);

        using (var page = await GetPageAsync(browser, "agent"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("<form id=\"sign-in-form\"", html);
            Assert.Contains("value=\"/agent\"", html); // back to the desk after signing in
        }

        using (var wrong = await SignInAsync(browser, agent.UserName, "not the password", "/agent"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Contains("Wrong user name or password.", await wrong.Content.ReadAsStringAsync());
            Assert.Empty(cookies.GetCookies(host.BaseAddress));
        }

        using (var unknown = await SignInAsync(browser, "nobody-" + Guid.NewGuid().ToString("N")[..6], TestCredentials.Password, "/agent"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
            Assert.Contains("Wrong user name or password.", await unknown.Content.ReadAsStringAsync()); // the same words: no user enumeration
        }

        using (var right = await SignInAsync(browser, agent.UserName, TestCredentials.Password, "/agent"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, right.StatusCode);
            Assert.Equal("/agent", right.Headers.Location?.OriginalString);
            var setCookie = string.Join(";", right.Headers.GetValues("Set-Cookie")).ToLowerInvariant();
            Assert.Contains("callcenter.session=", setCookie);
            Assert.Contains("httponly", setCookie);
            Assert.Contains("samesite=strict", setCookie);
        }

        Assert.Equal(HttpStatusCode.OK, (await GetPageAsync(browser, "agent")).StatusCode);
        var me = await browser.GetFromJsonAsync<JsonElement>("api/auth/me");
        Assert.Equal(agent.AgentId, me.GetProperty("agentId").GetString());
        Assert.Equal([Roles.Agent], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        // An agent is not a supervisor: the wallboard says so (with the sign-in form, to switch user).
        using (var board = await GetPageAsync(browser, "supervisor"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, board.StatusCode);
            Assert.Contains("supervisors and admins", await board.Content.ReadAsStringAsync());
        }

        using (await browser.PostAsync("sign-out", null))
        {
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetPageAsync(browser, "agent")).StatusCode);
    }

    [Fact]
    public async Task The_cookie_changes_nothing_from_another_sites_page()
    {
        var agent = host.Identities.Next();
        using var browser = Browser(out _);
        (await SignInAsync(browser, agent.UserName, TestCredentials.Password, "/agent")).Dispose();
        var signIn = JsonContent.Create(new { name = "Ada", languages = new[] { "en" } });

        using var foreign = new HttpRequestMessage(HttpMethod.Post, $"api/agents/{agent.AgentId}/sign-in") { Content = signIn };
        foreign.Headers.Add("Origin", "https://evil.example");
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(foreign)).StatusCode);

        using var own = new HttpRequestMessage(HttpMethod.Post, $"api/agents/{agent.AgentId}/sign-in") { Content = JsonContent.Create(new { name = "Ada", languages = new[] { "en" } }) };
        own.Headers.Add("Origin", host.BaseAddress.GetLeftPart(UriPartial.Authority));
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(own)).StatusCode);
        (await browser.PostAsJsonAsync($"api/agents/{agent.AgentId}/state", new { state = "offline" })).Dispose();
    }

    [Fact]
    public async Task After_signing_in_only_a_local_page_is_returned_to()
    {
        var agent = host.Identities.Next();
        using var browser = Browser(out _);
        foreach (var elsewhere in new[] { "//evil.example/agent", "https://evil.example/", "/\\evil.example" })
        {
            using var answer = await SignInAsync(browser, agent.UserName, TestCredentials.Password, elsewhere);
            Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
            Assert.Equal("/", answer.Headers.Location?.OriginalString);
        }
    }

    [Fact]
    public async Task A_program_gets_a_bearer_token_for_the_user_it_signs_in_as()
    {
        var supervisor = host.Identities.Next(Roles.Supervisor);
        using var refused = await host.Anonymous.PostAsJsonAsync("api/auth/token", new { user = supervisor.UserName, password = "wrong" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var answer = await host.Anonymous.PostAsJsonAsync("api/auth/token", new { user = supervisor.UserName, password = TestCredentials.Password });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var token = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        using var program = host.ClientWith(token);
        Assert.Equal(HttpStatusCode.OK, (await program.GetAsync("api/supervisor/wallboard")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await program.GetAsync("api/exports/unsure-turns")).StatusCode);
        Assert.Equal(supervisor.AgentId, (await program.GetFromJsonAsync<JsonElement>("api/auth/me")).GetProperty("agentId").GetString());
    }

    [Fact]
    public async Task The_dashboard_is_for_admins()
    {
        using var admin = host.ClientWith(SecurityHostFixture.OnlyAdminKey);
        var supervisor = host.NewAgent(Roles.Supervisor);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.Http.GetAsync("dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous.GetAsync("dashboard/")).StatusCode);
    }

    /// <summary>A browser: cookies kept, redirects not followed (to see them).</summary>
    private HttpClient Browser(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        return new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
    }

    private static Task<HttpResponseMessage> GetPageAsync(HttpClient browser, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        return browser.SendAsync(request);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string user, string password, string returnUrl) =>
        browser.PostAsync("sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = user, ["password"] = password, ["returnUrl"] = returnUrl }));
}
