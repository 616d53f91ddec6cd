namespace CallCenter.Gateway.Agents;

/// <summary>Body of POST /api/agents/{id}/sign-in. Languages "en"/"zh"; domains as the packs are named ("ecommerce", "finance").</summary>
public sealed record SignInRequest(string? Name, string[]? Languages, string[]? Domains);

public sealed record AgentStateRequest(string? State);

public sealed record CallIdRequest(string? CallId);

public sealed record AgentMessageRequest(string? Text);

public sealed record CloseRequest(string? Disposition, string? Note);
