namespace CallCenter.OpenAi;

/// <summary>
/// Where one model lives: an Azure OpenAI deployment or any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM,
/// llama.cpp's llama-server). Bound from configuration sections such as "Llm:Small", "Llm:Large" and "Voice:OpenAI".
/// </summary>
public sealed class OpenAiEndpointOptions
{
    /// <summary>"OpenAI" (any OpenAI-compatible endpoint, the default) or "Azure" (Azure OpenAI through AzureOpenAIClient).</summary>
    public string Provider { get; set; } = "OpenAI";

    /// <summary>
    /// OpenAI-compatible: the base URL including "/v1" (default https://api.openai.com/v1; Ollama http://host:11434/v1).
    /// Azure: the resource endpoint, https://NAME.openai.azure.com/.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>The model name (OpenAI-compatible) or the deployment name (Azure).</summary>
    public string? Model { get; set; }

    /// <summary>API key; from configuration or environment only, never logged. Local servers accept any value.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Azure only: authenticate with Entra ID (managed identity, workload identity, az login) instead of a key.</summary>
    public bool UseEntraId { get; set; }

    /// <summary>Network timeout of one request, in seconds.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>True when a model is named: an unconfigured endpoint means "not in use".</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Model);

    public bool IsAzure => Provider.Equals("Azure", StringComparison.OrdinalIgnoreCase);

    /// <summary>What is wrong with the settings of <paramref name="section"/>, or null when they can be used.</summary>
    public string? Problem(string section) => this switch
    {
        _ when !IsAzure && !Provider.Equals("OpenAI", StringComparison.OrdinalIgnoreCase) =>
            $"{section}:Provider must be OpenAI or Azure, not '{Provider}'.",
        _ when !IsConfigured => $"{section}:Model (the model or deployment name) is not set.",
        _ when IsAzure && string.IsNullOrWhiteSpace(Endpoint) => $"{section}:Endpoint (https://NAME.openai.azure.com/) is required for Azure.",
        _ when Endpoint is not null && !Uri.TryCreate(Endpoint, UriKind.Absolute, out _) => $"{section}:Endpoint '{Endpoint}' is not an absolute URL.",
        _ when IsAzure && !UseEntraId && string.IsNullOrWhiteSpace(ApiKey) => $"{section}: set ApiKey or UseEntraId=true for Azure.",
        _ => null,
    };
}
