namespace CallCenter.Crm;

/// <summary>Configuration section "Crm": which business system the CRM grain talks to.</summary>
public sealed class CrmOptions
{
    public const string Section = "Crm";

    /// <summary>The embedded SQLite database, seeded with the demo records (<see cref="SqliteCrmConnector"/>).</summary>
    public const string SqliteConnector = "Sqlite";

    /// <summary>An external CRM that speaks the REST contract in the README ("The external CRM HTTP contract") (<see cref="HttpCrmConnector"/>).</summary>
    public const string HttpConnector = "Http";

    /// <summary>"Sqlite" (default) or "Http".</summary>
    public string Connector { get; set; } = SqliteConnector;

    /// <summary>
    /// The external CRM's base URL, for example "https://crm.example.com/api/v1/". May carry a path; the contract's
    /// routes are appended to it. Required when <see cref="Connector"/> is "Http".
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>Optional; sent on every request as "Authorization: Bearer {ApiKey}".</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one request to the external CRM may take before it counts as unavailable.</summary>
    public int TimeoutSeconds { get; set; } = 5;
}
