using CallCenter.Gateway.Security;

namespace CallCenter.Tests.Security;

/// <summary>The Twilio request signature, checked against the examples Twilio publishes with its helper libraries.</summary>
public sealed class TwilioSignatureTests
{
    private const string Url = "https://mycompany.com/myapp.php?foo=1&bar=2";

    private static Dictionary<string, string> Form(string caller) => new()
    {
        ["CallSid"] = "CA1234567890ABCDE", ["Caller"] = caller, ["Digits"] = "1234", ["From"] = caller, ["To"] = "+18005551212",
    };

    [Theory]
    // Twilio's own examples (auth token 12345), from its signature-validation snippets for PHP and Node.
    [InlineData("+14158675310", "GvWf1cFY/Q7PnoempGyD5oXAezc=")]
    [InlineData("+14158675309", "RSOYDt4T1cUTdK1PDd93/VVr8B8=")]
    public void Twilios_published_examples_compute_and_validate(string caller, string signature)
    {
        Assert.Equal(signature, TwilioSignature.Compute("12345", Url, Form(caller)));
        Assert.True(TwilioSignature.IsValid("12345", Url, Form(caller), signature));
    }

    [Fact]
    public void Another_token_a_changed_field_or_a_changed_url_fails()
    {
        const string signature = "GvWf1cFY/Q7PnoempGyD5oXAezc=";
        Assert.False(TwilioSignature.IsValid("12346", Url, Form("+14158675310"), signature));
        Assert.False(TwilioSignature.IsValid("12345", Url, Form("+14158675311"), signature));
        Assert.False(TwilioSignature.IsValid("12345", Url.Replace("foo=1", "foo=2"), Form("+14158675310"), signature));
        Assert.False(TwilioSignature.IsValid("12345", Url.Replace("https", "http"), Form("+14158675310"), signature));
        Assert.False(TwilioSignature.IsValid("12345", Url, Form("+14158675310"), ""));
    }

    [Fact]
    public void Fields_are_signed_in_order_of_name_whatever_order_they_came_in()
    {
        var reversed = Form("+14158675310").Reverse().ToList();
        Assert.Equal("GvWf1cFY/Q7PnoempGyD5oXAezc=", TwilioSignature.Compute("12345", Url, reversed));
    }

    [Theory]
    // A stream's upgrade is signed over its wss:// URL; a proxy may add or drop the default port, as Twilio's libraries allow.
    [InlineData("wss://cc.example.com/media/twilio/T1", "wss://cc.example.com:443/media/twilio/T1")]
    [InlineData("wss://cc.example.com:443/media/twilio/T1", "wss://cc.example.com/media/twilio/T1")]
    [InlineData("https://cc.example.com/twilio/voice?language=zh", "https://cc.example.com:443/twilio/voice?language=zh")]
    [InlineData("http://cc.example.com/twilio/voice", "http://cc.example.com:80/twilio/voice")]
    public void The_default_port_may_be_there_or_not(string signedFor, string received)
    {
        var signature = TwilioSignature.Compute("token", signedFor);
        Assert.True(TwilioSignature.IsValid("token", received, [], signature));
    }

    [Fact]
    public void Another_port_or_scheme_is_another_url()
    {
        var signature = TwilioSignature.Compute("token", "wss://cc.example.com/media/twilio/T1");
        Assert.False(TwilioSignature.IsValid("token", "wss://cc.example.com:8443/media/twilio/T1", [], signature));
        Assert.False(TwilioSignature.IsValid("token", "https://cc.example.com/media/twilio/T1", [], signature));
        Assert.False(TwilioSignature.IsValid("token", "wss://cc.example.com/media/twilio/T2", [], signature));
    }
}
