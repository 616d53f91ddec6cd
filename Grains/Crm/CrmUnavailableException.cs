namespace CallCenter.Crm;

/// <summary>
/// The external CRM could not answer: it was unreachable, timed out, answered a non-success status other than
/// 404, or answered a body that is not the contract's JSON. The message names the URL and, when there was an
/// answer, its status. Serializable so it can cross grain calls.
/// </summary>
[GenerateSerializer, Alias("CrmUnavailableException")]
public sealed class CrmUnavailableException : Exception
{
    public CrmUnavailableException(string message, string url, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Url = url;
        StatusCode = statusCode;
    }

    /// <summary>The request's URL (never contains the API key).</summary>
    [Id(0)]
    public string Url { get; private set; }

    /// <summary>The HTTP status the CRM answered, or null when there was no answer (unreachable, timeout).</summary>
    [Id(1)]
    public int? StatusCode { get; private set; }
}
