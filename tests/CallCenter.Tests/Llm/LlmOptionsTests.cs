using CallCenter.Llm;
using CallCenter.OpenAi;

namespace CallCenter.Tests.Llm;

/// <summary>The "Llm" settings checked at silo start: a typo is a message, not a call that silently falls back.</summary>
public sealed class LlmOptionsTests
{
    private static OpenAiEndpointOptions OpenAi() => new() { Model = "gpt-4o-mini", ApiKey = "test-key" };

    private static OpenAiEndpointOptions Azure() =>
        new() { Provider = "Azure", Model = "gpt-4o-mini", Endpoint = "https://contoso.openai.azure.com/", ApiKey = "test-key" };

    [Fact]
    public void Without_a_small_model_there_is_nothing_to_check()
    {
        var options = new LlmOptions { DomainPack = "insurance", HardLimitMs = 1, Large = new() { Provider = "Nope", Model = "x" } };
        Assert.False(options.Enabled);
        Assert.Null(options.Problem());
    }

    [Fact]
    public void Working_settings_have_no_problem()
    {
        Assert.Null(new LlmOptions { Small = OpenAi() }.Problem());
        Assert.Null(new LlmOptions { Small = Azure(), Large = Azure(), DomainPack = "finance" }.Problem());
        Assert.Null(new LlmOptions { Small = new() { Model = "llama3", Endpoint = "http://localhost:11434/v1" } }.Problem());
    }

    [Fact]
    public void An_unknown_provider_is_named()
    {
        var options = new LlmOptions { Small = new() { Provider = "Gemini", Model = "gemini-pro" } };
        Assert.Equal("Llm:Small:Provider must be OpenAI or Azure, not 'Gemini'.", options.Problem());
    }

    [Fact]
    public void Azure_needs_an_endpoint()
    {
        var small = Azure();
        small.Endpoint = null;
        var problem = new LlmOptions { Small = small }.Problem();
        Assert.NotNull(problem);
        Assert.StartsWith("Llm:Small:Endpoint", problem);
        Assert.Contains("Azure", problem);
    }

    [Fact]
    public void Azure_needs_a_key_or_entra_id()
    {
        var small = Azure();
        small.ApiKey = null;
        var problem = new LlmOptions { Small = small }.Problem();
        Assert.NotNull(problem);
        Assert.Contains("Llm:Small", problem);
        Assert.Contains("ApiKey", problem);
        Assert.Contains("UseEntraId", problem);

        small.UseEntraId = true;
        Assert.Null(new LlmOptions { Small = small }.Problem());
    }

    [Fact]
    public void The_large_model_is_checked_too()
    {
        var large = Azure();
        large.Endpoint = null;
        Assert.StartsWith("Llm:Large:Endpoint", new LlmOptions { Small = OpenAi(), Large = large }.Problem());
    }

    [Fact]
    public void An_unknown_domain_pack_is_named()
    {
        Assert.Equal("Llm:DomainPack must be 'ecommerce' or 'finance', not 'insurance'.",
            new LlmOptions { Small = OpenAi(), DomainPack = "insurance" }.Problem());
    }

    [Theory]
    [InlineData(1500, 1500)]
    [InlineData(1500, 1000)]
    [InlineData(0, 6000)]
    public void The_hard_limit_must_come_after_the_filler(int fillerAfterMs, int hardLimitMs)
    {
        var options = new LlmOptions { Small = OpenAi(), FillerAfterMs = fillerAfterMs, HardLimitMs = hardLimitMs };
        Assert.Equal("Llm:HardLimitMs must be longer than Llm:FillerAfterMs, both positive.", options.Problem());
    }

    [Fact]
    public void At_least_one_tool_round_is_needed() =>
        Assert.Equal("Llm:MaxToolRounds must be at least 1.", new LlmOptions { Small = OpenAi(), MaxToolRounds = 0 }.Problem());

    [Fact]
    public void The_validator_fails_the_silo_start_with_the_problem()
    {
        var result = new LlmOptionsValidator().Validate(null, new LlmOptions { Small = OpenAi(), DomainPack = "insurance" });
        Assert.True(result.Failed);
        Assert.Contains("insurance", result.FailureMessage);
        Assert.True(new LlmOptionsValidator().Validate(null, new LlmOptions()).Succeeded);
    }
}
