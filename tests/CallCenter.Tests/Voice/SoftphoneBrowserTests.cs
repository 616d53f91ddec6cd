using CallCenter.Calls;
using CallCenter.Tests.Infrastructure;
using CallCenter.Voice.Engines;
using Microsoft.Playwright;

namespace CallCenter.Tests.Voice;

/// <summary>
/// The softphone page in Debian's Chromium, headless, with a fake microphone playing a WAV of a caller's question:
/// the page streams it through its AudioWorklet to /media/pcm and shows the transcript and the bot's reply. Browser calls
/// are for signed-in people by default (Security:AnonymousSoftphone is off): the page asks for the sign-in first.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SoftphoneBrowserTests(ApiHostFixture host)
{
    [Fact]
    public async Task A_call_from_the_softphone_page_is_transcribed_and_answered()
    {
        var wav = Path.Combine(Path.GetTempPath(), $"caller-{Guid.NewGuid():N}.wav");
        var noise = new Random(5);
        short[] pcm = [.. CallerAudio.Silence(16000, 1.0), .. CallerAudio.Say("where is my order", 16000), .. CallerAudio.Silence(16000, 4.0)];
        for (var i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)Math.Clamp(pcm[i] + noise.Next(-100, 101), short.MinValue, short.MaxValue);
        }

        await File.WriteAllBytesAsync(wav, Wav.Encode(pcm, 16000));
        try
        {
            await using var browser = await HeadlessChromium.LaunchAsync(
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", $"--use-file-for-fake-audio-capture={wav}",
                "--autoplay-policy=no-user-gesture-required");
            var page = await browser.NewPageAsync();
            await page.GotoAsync(host.BaseAddress.ToString());
            await page.ClickAsync("#call");
            await Microsoft.Playwright.Assertions.Expect(page.Locator("#status a[href^='/sign-in']")).ToBeVisibleAsync();

            await TestCredentials.SignInAsync(page, host.BaseAddress, host.Identities.Next(), "");
            await page.SelectOptionAsync("#language", "en");
            await page.ClickAsync("#call");

            var caller = page.Locator("#transcript li.caller").Filter(new LocatorFilterOptions { HasTextString = "order" });
            await caller.First.WaitForAsync(new LocatorWaitForOptions { Timeout = 40_000 });
            Assert.Contains("thanks for contacting us", await page.Locator("#transcript li.bot").First.TextContentAsync() ?? ""); // the greeting
            var reply = page.Locator("#transcript li.caller ~ li.bot"); // the answer comes after the question
            await reply.First.WaitForAsync(new LocatorWaitForOptions { Timeout = 20_000 });
            Assert.Contains("order number", await reply.First.TextContentAsync() ?? "");

            var callId = await page.EvaluateAsync<string>("document.body.dataset.callId");
            var record = await new ChatApi(host.Http).GetAsync(callId);
            Assert.Equal(CallChannel.Voice, record.Channel);
            Assert.Contains(record.Turns, t => t.Speaker == Speaker.Caller && t.Intent == Intent.OrderStatus);

            await page.ClickAsync("#call"); // hang up
        }
        finally
        {
            File.Delete(wav);
        }
    }
}
