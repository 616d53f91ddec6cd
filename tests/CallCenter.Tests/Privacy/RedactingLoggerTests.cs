using CallCenter.Privacy;
using CallCenter.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCenter.Tests.Privacy;

/// <summary>Log entries reach every provider with personal data masked: message, structured values and exception text.</summary>
public sealed class RedactingLoggerTests
{
    [Fact]
    public void Messages_values_and_exceptions_are_masked_before_any_provider_sees_them()
    {
        var captured = new CapturedLogs();
        using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(captured).AddPersonalDataRedaction())
            .BuildServiceProvider();
        var logger = services.GetRequiredService<ILogger<RedactingLoggerTests>>();

        logger.LogWarning("Caller said {Text} on call {CallId} ({Turns} turns)", "my card is 4111 1111 1111 1111", "c1", 3);
        logger.LogError(new InvalidOperationException("GET http://crm/customers?phone=%2B15550101 answered 500"), "The CRM failed");
        logger.LogInformation("Nothing personal: order A1001");

        var (_, _, message, fields, _) = captured.Entries[0];
        Assert.Equal("Caller said my card is [CARD ****1111] on call c1 (3 turns)", message);
        Assert.Equal("my card is [CARD ****1111]", fields["Text"]);
        Assert.Equal(3, fields["Turns"]);
        Assert.Equal("Caller said {Text} on call {CallId} ({Turns} turns)", fields["{OriginalFormat}"]);

        var logged = captured.Entries[1].Exception!;
        Assert.DoesNotContain("15550101", logged.ToString());
        Assert.Contains("InvalidOperationException", logged.Message);
        Assert.Contains("[PHONE ****0101]", logged.ToString());

        Assert.Equal("Nothing personal: order A1001", captured.Entries[2].Message);
    }
}
