using CallCenter.Calls;
using CallCenter.Crm;

namespace CallCenter.Tests.Understanding;

public sealed class PolicyTopicTests
{
    [Theory]
    [InlineData("what's your policy on returns", PolicyTopics.Returns)]
    [InlineData("how long do i have to send something back", PolicyTopics.Returns)]
    [InlineData("can I still return stuff after a month", PolicyTopics.Returns)]
    [InlineData("how long until a refund reaches my card", PolicyTopics.Returns)]
    [InlineData("do you charge for shipping", PolicyTopics.Shipping)]
    [InlineData("how long does delivery usually take", PolicyTopics.Shipping)]
    [InlineData("do you deliver to canada", PolicyTopics.Shipping)]
    [InlineData("what are your hours", PolicyTopics.Hours)]
    [InlineData("when can I talk to a person", PolicyTopics.Hours)]
    [InlineData("is anyone available on sunday", PolicyTopics.Hours)]
    [InlineData("does the tv come with a warranty", PolicyTopics.Warranty)]
    [InlineData("how long is the guarantee on the earbuds", PolicyTopics.Warranty)]
    [InlineData("退货政策是怎样的", PolicyTopics.Returns)]
    [InlineData("几天之内能退货", PolicyTopics.Returns)]
    [InlineData("你们包邮吗", PolicyTopics.Shipping)]
    [InlineData("运费怎么收", PolicyTopics.Shipping)]
    [InlineData("人工客服什么时候上班", PolicyTopics.Hours)]
    [InlineData("周末有人吗", PolicyTopics.Hours)]
    [InlineData("耳机保修多长时间", PolicyTopics.Warranty)]
    [InlineData("有质保吗", PolicyTopics.Warranty)]
    public void Policy_questions_name_their_topic(string text, string topic)
    {
        var result = DemoNlu.Understand(text);
        Assert.Equal(Intent.PolicyQuestion, result.Intent);
        Assert.Equal([topic], result.Values(EntityTypes.PolicyTopic));
    }

    [Theory]
    [InlineData("I want to return my order", Intent.ReturnRequest)]
    [InlineData("what is your return policy", Intent.PolicyQuestion)]
    [InlineData("I want my money back", Intent.ReturnRequest)]
    [InlineData("how do refunds work here", Intent.PolicyQuestion)]
    [InlineData("let me talk to a real person", Intent.HumanAgent)]
    [InlineData("when can I talk to a person", Intent.PolicyQuestion)]
    [InlineData("我要退货", Intent.ReturnRequest)]
    [InlineData("退货规则是什么", Intent.PolicyQuestion)]
    [InlineData("转人工", Intent.HumanAgent)]
    [InlineData("人工几点上班", Intent.PolicyQuestion)]
    [InlineData("where is my package", Intent.OrderStatus)]
    [InlineData("how long does shipping take normally", Intent.PolicyQuestion)]
    public void Asking_about_a_policy_differs_from_making_the_request(string text, Intent expected)
    {
        DemoNlu.AssertIntent(text, expected);
    }

    [Theory]
    [InlineData("I want to return my order")]
    [InlineData("where is my package")]
    [InlineData("how much are the earbuds")]
    public void Other_intents_carry_no_policy_topic(string text)
    {
        Assert.Empty(DemoNlu.Understand(text).Values(EntityTypes.PolicyTopic));
    }
}
