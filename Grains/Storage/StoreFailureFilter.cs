using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using StackExchange.Redis;

namespace CallCenter.Storage;

/// <summary>
/// Where the engine's grains answer: a failure caused by a store (Npgsql's, SQLite's or StackExchange.Redis' exceptions,
/// also when Orleans' grain storage or reminders wrapped them) leaves as one <see cref="StoreUnavailableException"/>,
/// which every process can read and the Gateway answers with 503. Without it a records query failing in PostgreSQL
/// reached the caller as a 500. Orleans' own grains keep their exceptions, which Orleans' own code handles. (A grain
/// whose state cannot be read fails before any call reaches it: <see cref="StoreFailureStorage"/> says that one.)
/// </summary>
public sealed class StoreFailureFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception ex) when (context.Grain?.GetType().Assembly == typeof(StoreFailureFilter).Assembly && AsStoreFailure(ex) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// <paramref name="failure"/> as a <see cref="StoreUnavailableException"/> when a store caused it (and it was not
    /// said yet); otherwise null. The driver's exception is named in the message, not carried.
    /// </summary>
    public static StoreUnavailableException? AsStoreFailure(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case StoreUnavailableException:
                    return null;
                case DbException or RedisException or RedisTimeoutException:
                    return new StoreUnavailableException(StoreName(e), $"{e.GetType().Name}: {e.Message}");
            }
        }

        return null;
    }

    private static string StoreName(Exception cause) => cause switch
    {
        NpgsqlException => "PostgreSQL",
        SqliteException => "SQLite",
        RedisException or RedisTimeoutException => "Redis",
        _ => "database",
    };
}
