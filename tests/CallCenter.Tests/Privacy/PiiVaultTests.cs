using System.Security.Cryptography;
using CallCenter.Calls;
using CallCenter.Privacy;

namespace CallCenter.Tests.Privacy;

/// <summary>A call's reversible tokenization: placeholders, the way back for tools, what the caller hears, and sealing.</summary>
public sealed class PiiVaultTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void The_same_value_gets_the_same_placeholder_and_others_the_next_number()
    {
        var vault = new PiiVault("call-1", [], null);

        var first = vault.Redact("my card is 4111 1111 1111 1111 and my number is 415-555-2671");
        var again = vault.Redact("card 4111-1111-1111-1111 again, and the other one 5555 5555 5555 4444");

        Assert.Equal("my card is [CARD_1 ****1111] and my number is [PHONE_1 ****2671]", first);
        Assert.Equal("card [CARD_1 ****1111] again, and the other one [CARD_2 ****4444]", again);
        Assert.Equal("4111111111111111", vault.Values["CARD_1"]);
        Assert.Equal("5555555555554444", vault.Values["CARD_2"]);
    }

    [Fact]
    public void Tool_arguments_get_the_real_values_back_and_lost_ones_are_named()
    {
        var vault = new PiiVault("call-1", [], null);
        vault.Redact("call me on +1 415 555 2671, mail bob.m@example.com");
        var missing = new List<string>();

        var resolved = PiiPlaceholders.ResolveArguments("""{"phone":"[PHONE_1 ****2671]","email":"EMAIL_1","note":"about CARD_7","n":3}""", vault.Values, missing);

        Assert.Equal("""{"phone":"+14155552671","email":"bob.m@example.com","note":"about CARD_7","n":3}""", resolved);
        Assert.Equal(["CARD_7"], missing);
        Assert.Equal("not json", PiiPlaceholders.ResolveArguments("not json", vault.Values, missing));
    }

    [Fact]
    public void Entities_the_understanding_found_are_replaced_by_the_same_placeholders_as_the_text()
    {
        var vault = new PiiVault("call-1", [], null);
        Entity[] entities = [new(EntityTypes.Phone, "5550101"), new(EntityTypes.OrderNumber, "A1001"), new(EntityTypes.Email, "Bob.M@example.com")];

        var text = vault.Redact("order A1001, reach me at 555 0101 or bob.m@example.com", entities);
        var masked = vault.Redact(entities);

        Assert.Equal("order A1001, reach me at [PHONE_1] or [EMAIL_1]", text);
        Assert.Equal([new(EntityTypes.Phone, "[PHONE_1]"), new(EntityTypes.OrderNumber, "A1001"), new(EntityTypes.Email, "[EMAIL_1]")], masked);
    }

    [Theory]
    [InlineData("Your card [CARD_1 ****1111] is frozen.", Language.En, "Your card ending in 1111 is frozen.")]
    [InlineData("您的卡[CARD_1 ****1111]已冻结。", Language.Zh, "您的卡尾号1111已冻结。")]
    [InlineData("I have sent it to [EMAIL_1].", Language.En, "I have sent it to your e-mail address.")]
    [InlineData("已寄到ADDRESS_2。", Language.Zh, "已寄到您的地址。")]
    [InlineData("Your ID please.", Language.En, "Your ID please.")]
    public void The_caller_hears_a_phrase_never_the_placeholder(string reply, Language language, string heard) =>
        Assert.Equal(heard, PiiPlaceholders.Speakable(reply, language));

    [Fact]
    public void Sealed_values_come_back_with_the_key_and_only_for_their_call()
    {
        var entries = new List<PiiVaultEntry>();
        var vault = new PiiVault("call-1", entries, new VaultSealer(Key));
        vault.Redact("card 4111 1111 1111 1111");

        var entry = Assert.Single(entries);
        Assert.Equal(("CARD_1", PiiKind.Card, "1111"), (entry.Token, entry.Kind, entry.Hint));
        Assert.DoesNotContain("4111111111111111", System.Text.Encoding.UTF8.GetString(entry.Sealed!));

        Assert.Equal("4111111111111111", new PiiVault("call-1", entries, new VaultSealer(Key)).Values["CARD_1"]);
        Assert.Empty(new PiiVault("call-2", entries, new VaultSealer(Key)).Values);
        Assert.Empty(new PiiVault("call-1", entries, new VaultSealer(RandomNumberGenerator.GetBytes(32))).Values);
        var tampered = entries.Select(e => e with { Sealed = e.Sealed!.Select((b, i) => i == 20 ? (byte)(b ^ 1) : b).ToArray() }).ToList();
        Assert.Empty(new PiiVault("call-1", tampered, new VaultSealer(Key)).Values);
    }

    [Fact]
    public void Without_a_key_the_values_live_in_memory_only_and_numbering_goes_on()
    {
        var entries = new List<PiiVaultEntry>();
        new PiiVault("call-1", entries, null).Redact("card 4111 1111 1111 1111");

        Assert.Null(Assert.Single(entries).Sealed);
        var reopened = new PiiVault("call-1", entries, null);
        Assert.Empty(reopened.Values);
        Assert.Equal("[CARD_2 ****4444]", reopened.Redact("5555 5555 5555 4444"));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("c2hvcnQ=", false)]
    [InlineData("not base64!", false)]
    public void The_vault_key_must_be_32_bytes_of_base64(string? key, bool valid)
    {
        Assert.Equal(valid, new PrivacyOptionsValidator().Validate(null, new PrivacyOptions { VaultKey = key }).Succeeded);
        Assert.True(new PrivacyOptionsValidator().Validate(null, new PrivacyOptions { VaultKey = Convert.ToBase64String(Key) }).Succeeded);
    }
}
