using CallCenter.Calls;
using CallCenter.Crm;

namespace CallCenter.Dialogue.Understanding;

/// <summary>A training phrase: what it means and, for policy questions, which policy it asks about.</summary>
internal sealed record TrainingPhrase(Intent Intent, string Text, string? PolicyTopic);

/// <summary>
/// Example phrasings per intent in English and Simplified Chinese, one per line. They teach the classifier how each
/// intent tends to be worded; synonyms, spelling and entity placeholders generalize from there, so a phrase is only
/// worth adding when it brings a new way of saying something. Off-topic lines are labelled NotUnderstood so that
/// chit-chat close to our vocabulary is rejected rather than forced onto the nearest intent. ProvideInfo has no
/// phrases: an utterance that only carries an entity is recognized by rule (<see cref="IntentRules"/>), and phrases
/// made of placeholders would pull every sentence with an order number towards it.
/// </summary>
internal static class TrainingCorpus
{
    public static IEnumerable<TrainingPhrase> Phrases()
    {
        foreach (var (intent, topic, block) in Blocks)
            foreach (var line in block.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                yield return new TrainingPhrase(intent, line, topic);
    }

    private static readonly (Intent Intent, string? Topic, string Lines)[] Blocks =
    [
        (Intent.Greeting, null, """
            hello
            hi
            hi there
            hey
            hey there
            good morning
            good afternoon
            good evening
            hello is anyone there
            hi how are you
            how are you doing today
            hey how is it going
            howdy
            greetings
            hello I need some help
            hi can you help me
            is this customer service
            anybody there
            hello hello
            hi I have a question
            你好
            在吗
            你好在吗
            早上好
            下午好
            晚上好
            嗨
            有人吗
            喂
            喂你好
            客服你好
            你好我想咨询
            你好我有个问题
            """),

        (Intent.OrderStatus, null, """
            where is my order
            has my order shipped yet
            when will my package arrive
            when is my order going to get here
            what is the status of my order
            can you check my order status
            track my package
            I want to track my order
            where is my stuff
            my order has not arrived yet
            I still have not received my package
            is my order on its way
            has it been shipped
            when will it be delivered
            how long until my delivery arrives
            what is the delivery date for my order
            can you tell me where my parcel is
            any update on my order
            is my package out for delivery
            why has my order not arrived
            my package is late
            I have not gotten my order
            check on order A1002
            where is order A1003
            status of A1005
            did my order ship
            what is the tracking number for my order
            when should I expect my order
            is my delivery delayed
            it was supposed to arrive yesterday
            I am still waiting for my order
            what happened to my delivery
            when will it come
            where is it now
            when will it get here
            order status
            delivery status
            is it on the way
            has the AeroBuds order shipped
            when do I get my TV
            my order never came
            how is my order doing
            I think my package got lost
            my parcel is missing
            when will my earbuds arrive
            it has been two weeks and I still have nothing
            what is happening with order A1001
            any news about A1006
            where is A1008
            can you check A1004 for me
            订单A1004怎么还没到
            我的订单到哪了
            什么时候能到
            发货了吗
            查物流
            我的包裹怎么还没到
            还没收到货
            帮我查订单
            订单A1005到哪了
            物流信息
            快递什么时候送到
            几天能到
            东西发出了吗
            我的货到哪了
            怎么还没发货
            我买的东西什么时候到
            看看我的订单
            已经发货了吗
            快递单号是多少
            我的订单怎么样了
            到货时间
            订单进度
            我的电视什么时候到
            包裹在路上了吗
            为什么还没到
            快递丢了
            物流状态
            包裹现在什么状态
            我想知道订单进展
            包裹不见了
            """),

        (Intent.ReturnRequest, null, """
            I would like to return this item
            I want a refund
            can I get a refund for my order
            I need to send this back
            how do I return the earbuds
            I want to return the shoes
            please process a return for A1002
            the item is broken and I want to return it
            return it
            I would like to send it back
            refund my purchase
            give me a refund
            I want to return it
            start a return
            it does not fit I want to return it
            I would like a refund for the TV
            can you refund me
            I want to return order A1006
            the product is defective refund please
            I need to return something
            help me return my package
            I am returning the smartwatch
            I am not happy with it and want to return it
            return the espresso machine
            I want to exchange it
            can I return this
            refund
            return
            我要退货
            我想退款
            这个我想退了
            帮我退货
            能给我退款吗
            申请退货
            把钱退给我
            我要把耳机退回去
            东西坏了我要退
            不合适想退
            我要退掉订单A1002
            办理退货
            我想把它寄回去
            质量有问题要退款
            我要换货
            给我退了
            我想退这个订单
            可以帮我退货吗
            退货退款
            I want to return A1002
            refund A1006 please
            我要退订单A1002
            A1006退款
            """),

        (Intent.CancelOrder, null, """
            cancel my order
            I want to cancel my order
            cancel order A1003
            I changed my mind cancel the order
            can you cancel my purchase
            stop my order
            I would like to cancel
            cancel the order
            I no longer need this order
            call off my order
            do not send it
            do not ship it
            I want to cancel the TV order
            cancel that
            can I still cancel
            I ordered by mistake
            I do not need it anymore
            void my order
            cancellation
            I want to cancel
            stop the shipment
            I do not want the order
            scrap the order
            cancel
            帮我取消订单
            我想取消
            订单取消
            取消A1003
            我不想要了
            别发货了
            撤销订单
            把订单取消掉
            我下错单了
            这个订单不要了
            取消它
            我要取消那个订单
            取消
            不买了
            我不要这个订单了
            东西不要了
            那我不要了
            这单我不要了
            cancel A1007
            call the order off
            cancel the order A1003 please
            把A1008取消
            """),

        (Intent.ProductInfo, null, """
            how much does the TV cost
            what is the price of the smartwatch
            do you have the espresso machine in stock
            is the TV in stock
            are the running shoes available
            do you sell headphones
            what products do you have
            tell me about the AeroBuds Pro
            what is the difference between AeroBuds Pro and Lite
            how much is it
            is it available
            do you have any in stock
            when will the Lite be back in stock
            price of the coffee machine
            are there any left
            is it on sale
            can I buy the smartwatch
            I want to buy the TV
            how expensive is the espresso machine
            what is the cheapest
            do you carry running shoes
            is the watch sold out
            what are the specs of the TV
            is the smartwatch available
            how much for the shoes
            do you have it
            what do you sell
            I am looking for earbuds
            can I order the TV
            tell me more about the espresso machine
            have you got the TV
            have you got any earbuds
            耳机多少钱
            电视有货吗
            智能手表什么价格
            咖啡机还有库存吗
            跑鞋有没有货
            这个多少钱
            价格是多少
            你们卖什么
            有什么产品
            两款耳机有什么区别
            现在还能买吗
            什么时候补货
            贵不贵
            有没有优惠
            介绍这款手表
            我想买电视
            还有吗
            有现货吗
            电视什么价
            """),

        (Intent.PolicyQuestion, PolicyTopics.Returns, """
            how many days do I have to return something
            can I return an item after 30 days
            do you offer refunds
            how does your refund policy work
            how long do refunds take
            what are the rules for returns
            can I return opened items
            is there a return window
            do you accept returns
            do returns cost anything
            how much time do I get to send it back
            are refunds paid back to my card
            退货政策是什么
            多少天内可以退货
            退款要多久
            拆封了还能退吗
            退换货规则
            你们支持退货吗
            几天可以退货
            退货期限是多久
            收到货多久之内可以退
            超过30天还能退吗
            """),
        (Intent.PolicyQuestion, PolicyTopics.Shipping, """
            how long does shipping take
            how much is shipping
            do you offer free shipping
            what are the shipping options
            do you ship internationally
            what is your delivery policy
            is there express shipping
            how much does delivery cost
            how fast do you ship
            which carriers do you use
            is shipping free
            运费多少
            包邮吗
            一般几天发货
            配送要多久
            有没有加急配送
            发什么快递
            运费怎么算
            """),
        (Intent.PolicyQuestion, PolicyTopics.Hours, """
            what are your opening hours
            when are you open
            what time do agents start
            are your agents available on weekends
            what are your business hours
            when is customer service available
            what time do you close
            are you open on sunday
            when can I reach a human
            人工客服几点上班
            营业时间
            你们几点下班
            周末有人工吗
            客服什么时候在线
            什么时候可以找人工
            """),
        (Intent.PolicyQuestion, PolicyTopics.Warranty, """
            what is the warranty
            is there a warranty on the TV
            how long is the warranty
            does it come with a guarantee
            what does the warranty cover
            is the smartwatch under warranty
            do electronics have a warranty
            how do I make a warranty claim
            what if it breaks after a few months
            保修多久
            有保修吗
            质保期是多久
            电视保修吗
            坏了能保修吗
            保修政策
            """),

        (Intent.HumanAgent, null, """
            I want to speak to a human
            agent please
            transfer me to an agent
            can I talk to someone
            connect me to customer service
            get me a human
            I need a live agent
            operator
            put me through to a person
            I would like to speak with a representative
            I do not want to talk to a bot
            I want a human
            speak to a manager
            can I have a supervisor
            is there a real person I can talk to
            human please
            you are a robot get me a person
            escalate this to a human
            talk to agent
            I want to talk to someone
            transfer me
            我要人工
            找真人
            我要跟人工说
            帮我转接客服
            我不想跟机器人说话
            叫你们经理来
            有没有真人
            人工服务
            接人工
            转人工客服
            我要找客服
            让真人来处理
            转接人工
            """),

        (Intent.Complaint, null, """
            this is ridiculous
            I am very unhappy with your service
            worst experience ever
            I want to file a complaint
            I am so frustrated
            you guys are useless
            I am really angry
            your service is awful
            I have been waiting forever this is terrible
            I am disappointed
            this is the third time I call
            nobody is helping me
            this is outrageous
            I am fed up
            your company is a disgrace
            horrible customer service
            I want to complain
            the product is garbage
            I am not happy at all
            what a mess
            you messed up my order
            this is a scam
            I have never been treated so badly
            什么破服务
            太离谱了
            气死我了
            你们怎么搞的
            服务太烂了
            我很不满意
            这也太慢了
            简直是垃圾
            我非常生气
            太让人失望了
            你们这是骗人
            等了这么久太过分了
            差评
            我想投诉
            投诉你们的服务
            怎么投诉
            我很失望
            对你们的服务很不满
            真让人生气
            """),

        (Intent.Goodbye, null, """
            bye
            goodbye
            see you
            that is all bye
            have a nice day
            bye bye
            talk to you later
            I have to go
            see you later
            that is everything goodbye
            farewell
            ok bye
            take care
            I am done
            nothing else bye
            catch you later
            good night
            再见
            拜拜
            先这样
            没别的事了
            好的再见
            回头见
            就这样再见
            我先挂了
            没事了拜拜
            """),

        (Intent.Thanks, null, """
            thank you
            thanks
            thanks a lot
            thank you so much
            much appreciated
            I appreciate it
            thanks for your help
            cheers
            great thanks
            thank you very much
            that is helpful thanks
            you have been very helpful
            many thanks
            awesome thank you
            perfect thanks
            谢谢
            多谢
            谢谢你
            太感谢了
            非常感谢
            辛苦了
            谢啦
            感谢帮助
            好的谢谢
            谢谢你的帮助
            """),

        (Intent.Affirm, null, """
            yeah
            yep
            sure
            that is right
            correct
            exactly
            ok
            okay
            sounds good
            go ahead
            please do
            yes that is it
            of course
            absolutely
            definitely
            alright
            that is correct
            right
            do it
            yes do that
            I agree
            fine
            uh huh
            yes I confirm
            confirm
            that works
            没错
            可以
            行
            嗯嗯
            好啊
            对的
            确认
            是
            好
            没问题
            就这样办
            同意
            对对对
            """),

        (Intent.Deny, null, """
            nah
            no thanks
            no thank you
            not really
            that is wrong
            that is not right
            incorrect
            no it is not
            do not do that
            no need
            not that one
            I do not think so
            no that is not it
            not now
            wrong
            never mind
            no I do not
            不对
            没有
            不要
            不行
            算了
            不需要
            错了
            不是这个
            不了
            """),

        (Intent.NotUnderstood, null, """
            what is the weather like today
            tell me a joke
            who won the game last night
            what is the meaning of life
            can you sing a song
            how do I bake a cake
            what is the capital of france
            I like turtles
            blah blah blah
            the sky is blue
            my cat is sleeping
            is it going to rain tomorrow
            what is two plus two
            play some music
            who is the president
            recommend a good movie
            do you like pizza
            help me write an essay
            can you do my math
            what movies are playing tonight
            今天天气怎么样
            给我讲个笑话
            你喜欢吃什么
            明天会下雨吗
            一加一等于几
            唱首歌
            股票会涨吗
            我家的猫很可爱
            推荐一部电影
            帮我写作业
            """),
    ];
}
