using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CallCenter.LoadGen;

/// <summary>
/// One scripted conversation: an opening line, body lines and a closing line. A call of N turns sends the opening,
/// then N-2 body lines (cycling through the body if N is longer than the script), then the closing; a call of one
/// turn sends only the opening. The orders, products and policies are those of the demo CRM data.
/// </summary>
public sealed class ConversationScript
{
    private static readonly JsonSerializerOptions BodyJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly byte[] _opening;
    private readonly byte[][] _body;
    private readonly byte[] _closing;

    public ConversationScript(string language, string opening, string[] body, string closing)
    {
        if (body.Length == 0) throw new ArgumentException("A script needs at least one body line.", nameof(body));
        Language = language;
        _opening = Encode(opening);
        _body = body.Select(Encode).ToArray();
        _closing = Encode(closing);
    }

    /// <summary>"en" or "zh", as sent to POST /api/calls.</summary>
    public string Language { get; }

    /// <summary>The JSON body (<c>{"text":"..."}</c>, UTF-8) of the caller's message number <paramref name="turn"/> (0-based) in a call of <paramref name="turns"/> turns.</summary>
    public byte[] MessageBody(int turn, int turns)
    {
        if (turn == 0) return _opening;
        if (turn == turns - 1) return _closing;
        return _body[(turn - 1) % _body.Length];
    }

    private static byte[] Encode(string text) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { text }, BodyJson));
}

/// <summary>The scripts per language, handed out round-robin; in mixed mode new calls alternate English and Chinese.</summary>
public sealed class ScriptBook
{
    private readonly ConversationScript[] _en =
    [
        new("en", "hi there",
            ["where is my order A1001", "can I return order A1002", "how much are the AeroBuds Pro", "what's your shipping policy"],
            "thanks, bye"),
        new("en", "hello",
            ["what's the status of order A1003", "is the Nimbus 4K smart TV in stock", "what is the warranty on electronics", "when are your agents available"],
            "great, thank you, goodbye"),
        new("en", "good morning",
            ["I'd like to cancel order A1008", "how much is the Kinetic smartwatch S2", "how long does express shipping take", "can I return order A1009"],
            "that's all, bye"),
        new("en", "hey",
            ["my email is alice.chen@example.com, where is order A1001", "why is order A1004 delayed", "do you have the BrewMaster espresso machine", "what is your return policy"],
            "ok thanks, have a nice day"),
    ];

    private readonly ConversationScript[] _zh =
    [
        new("zh", "你好",
            ["我的订单A1005到哪了", "AeroBuds Pro 无线耳机多少钱", "退货政策是什么", "运费怎么算"],
            "谢谢，再见"),
        new("zh", "您好",
            ["帮我查一下订单A1006的物流", "Kinetic S2 智能手表还有货吗", "加急配送要几天", "电子产品保修多久"],
            "好的，谢谢"),
        new("zh", "在吗",
            ["订单A1007是什么状态", "BrewMaster 意式咖啡机多少钱", "人工客服几点上班", "我想退掉订单A1006"],
            "没问题了，再见"),
        new("zh", "你好，我的手机号是13800000001",
            ["我的订单A1005什么时候到", "Trail Runner X 跑鞋多少钱", "满多少免运费", "签收后多少天内可以退货"],
            "谢谢你，拜拜"),
    ];

    private readonly LanguageMode _mode;
    private long _nextCall = -1;
    private long _nextEn = -1;
    private long _nextZh = -1;

    public ScriptBook(LanguageMode mode) => _mode = mode;

    /// <summary>The script for the next call. Thread-safe.</summary>
    public ConversationScript Next()
    {
        var english = _mode switch
        {
            LanguageMode.En => true,
            LanguageMode.Zh => false,
            _ => Interlocked.Increment(ref _nextCall) % 2 == 0,
        };
        return english
            ? _en[Interlocked.Increment(ref _nextEn) % _en.Length]
            : _zh[Interlocked.Increment(ref _nextZh) % _zh.Length];
    }
}
