using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Azure.Identity;
using OpenAI;

namespace CallCenter.OpenAi;

/// <summary>
/// Builds the OpenAI library's client for an endpoint: <see cref="AzureOpenAIClient"/> for Azure, <see cref="OpenAIClient"/>
/// for everything else. Both hand out the same ChatClient and AudioClient types, so nothing above this class knows which
/// one it talks to. The library's own retries are off: callers retry with their own policy, metrics and circuit breaker.
/// </summary>
public static class OpenAiClients
{
    public static OpenAIClient Create(OpenAiEndpointOptions endpoint, string section)
    {
        if (endpoint.Problem(section) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        var timeout = TimeSpan.FromSeconds(Math.Max(1, endpoint.TimeoutSeconds));
        if (endpoint.IsAzure)
        {
            var azureOptions = new AzureOpenAIClientOptions { RetryPolicy = new ClientRetryPolicy(0), NetworkTimeout = timeout };
            var uri = new Uri(endpoint.Endpoint!);
            return endpoint.UseEntraId
                ? new AzureOpenAIClient(uri, new DefaultAzureCredential(), azureOptions)
                : new AzureOpenAIClient(uri, new ApiKeyCredential(endpoint.ApiKey!), azureOptions);
        }

        var options = new OpenAIClientOptions { RetryPolicy = new ClientRetryPolicy(0), NetworkTimeout = timeout };
        if (!string.IsNullOrWhiteSpace(endpoint.Endpoint))
        {
            options.Endpoint = new Uri(endpoint.Endpoint);
        }

        // Local servers (Ollama, vLLM, llama.cpp) ignore the key, but the library requires one.
        return new OpenAIClient(new ApiKeyCredential(string.IsNullOrWhiteSpace(endpoint.ApiKey) ? "unused" : endpoint.ApiKey), options);
    }
}
