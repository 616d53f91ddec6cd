using CallCenter.Calls;
using CallCenter.Dialogue.Emotion;

namespace CallCenter.Tests.Emotion;

public sealed class EnglishEmotionTests
{
    private static readonly EmotionAnalyzer Analyzer = new();

    private static EmotionReading Read(string text, int previousComplaints = 0) => Analyzer.Analyze(text, Language.En, previousComplaints);

    [Theory]
    [InlineData("I am so angry right now")]
    [InlineData("This is terrible service")]
    [InlineData("you people are useless")]
    [InlineData("this is ridiculous")]
    [InlineData("I'm really disappointed with this order")]
    [InlineData("I'm frustrated, nobody answers my emails")]
    [InlineData("worst experience ever")]
    [InlineData("what a joke of a company")]
    [InlineData("I hate this")]
    [InlineData("I'm fed up with your excuses")]
    [InlineData("this is unacceptable")]
    [InlineData("you ripped me off")]
    [InlineData("the package arrived damaged and the box was a mess")]
    [InlineData("I am not happy with the service")]
    [InlineData("your support is pathetic and incompetent")]
    [InlineData("I'm sick and tired of waiting")]
    [InlineData("what the hell is going on with my order")]
    [InlineData("this is a waste of time")]
    [InlineData("I am very upset")]
    [InlineData("horrible, just horrible")]
    [InlineData("the agent was rude to me")]
    [InlineData("I’m not satisfied at all")]
    public void Negative_turns_score_negative_and_count_as_complaints(string text)
    {
        var reading = Read(text);

        Assert.True(reading.Score < -0.25, $"'{text}' scored {reading.Score}");
        Assert.True(reading.IsComplaint, $"'{text}' was not a complaint");
    }

    [Theory]
    [InlineData("thank you")]
    [InlineData("thanks, that was very helpful")]
    [InlineData("great, that's perfect")]
    [InlineData("I'm really happy with the service")]
    [InlineData("awesome, thanks a lot")]
    [InlineData("excellent, the problem is solved")]
    [InlineData("you've been wonderful")]
    [InlineData("I appreciate your help")]
    [InlineData("that's good to know")]
    [InlineData("I love these shoes")]
    [InlineData("much appreciated")]
    [InlineData("nice, that was quick")]
    [InlineData("brilliant, well done")]
    [InlineData("I'm glad that's sorted")]
    [InlineData("fantastic service, I'm delighted")]
    public void Positive_turns_score_positive(string text)
    {
        var reading = Read(text);

        Assert.True(reading.Score > 0.25, $"'{text}' scored {reading.Score}");
        Assert.False(reading.IsComplaint);
        Assert.False(reading.Urgent);
    }

    [Theory]
    [InlineData("where is my order A1001")]
    [InlineData("I want to return my shoes")]
    [InlineData("what is your return policy")]
    [InlineData("can you check the status of order A1002")]
    [InlineData("I'd like to cancel my order")]
    [InlineData("my phone number is 555-0100")]
    [InlineData("my email is jane@example.com")]
    [InlineData("how much is the blue jacket")]
    [InlineData("I want to speak to a person")]
    [InlineData("good morning, I have a question about shipping")]
    [InlineData("no thanks")]
    [InlineData("what kind of warranty do you offer")]
    [InlineData("Sue from your team said she would call me back")]
    [InlineData("where is my order!!!")]
    public void Plain_requests_score_near_zero(string text)
    {
        var reading = Read(text);

        Assert.InRange(reading.Score, -0.1, 0.1);
        Assert.False(reading.IsComplaint);
        Assert.False(reading.Urgent);
        Assert.Empty(reading.UrgentTerms);
    }

    [Theory]
    [InlineData("I am happy", "I am not happy")]
    [InlineData("that was helpful", "that was not helpful")]
    [InlineData("the service is good", "the service is not good")]
    [InlineData("I'm satisfied", "I'm not satisfied")]
    [InlineData("this is great", "this isn't great")]
    [InlineData("it works fine", "it doesn't work fine")]
    [InlineData("I'm pleased with this", "I'm not at all pleased with this")]
    [InlineData("the agent was polite", "the agent was never polite")]
    [InlineData("I am happy", "I dont feel happy")]
    public void Negating_a_positive_turns_it_negative(string positive, string negated)
    {
        Assert.True(Read(positive).Score > 0, $"'{positive}' scored {Read(positive).Score}");
        Assert.True(Read(negated).Score < 0, $"'{negated}' scored {Read(negated).Score}");
    }

    [Theory]
    [InlineData("that's bad", "that's not bad")]
    [InlineData("this is terrible", "this is not terrible")]
    [InlineData("I'm angry", "I'm not angry")]
    [InlineData("I am worried", "I am not worried")]
    [InlineData("the delivery was slow", "the delivery wasn't slow")]
    [InlineData("I have complaints", "I have no complaints")]
    public void Negating_a_negative_makes_it_mildly_positive(string negative, string negated)
    {
        var before = Read(negative).Score;
        var after = Read(negated).Score;

        Assert.True(before < 0, $"'{negative}' scored {before}");
        Assert.True(after > 0, $"'{negated}' scored {after}");
        Assert.True(after < -before, $"'{negated}' ({after}) should be milder than '{negative}' ({before})");
        Assert.False(Read(negated).IsComplaint);
    }

    [Theory]
    [InlineData("I never received my package")]
    [InlineData("my order never arrived")]
    [InlineData("I haven't received my refund")]
    [InlineData("the parcel has not arrived")]
    [InlineData("I want to make a complaint")]
    [InlineData("how many times do I have to call you")]
    [InlineData("this is the third time I'm calling")]
    [InlineData("I've been waiting for two weeks")]
    [InlineData("you promised it would be here on Monday")]
    [InlineData("let me talk to your manager")]
    public void Complaint_cues_mark_the_turn_as_a_complaint(string text)
    {
        var reading = Read(text);

        Assert.True(reading.IsComplaint, $"'{text}' was not a complaint");
        Assert.True(reading.Score < 0, $"'{text}' scored {reading.Score}");
    }

    [Theory]
    [InlineData("I am happy", "I am very happy")]
    [InlineData("I am happy", "I am so happy")]
    [InlineData("I am angry", "I am really angry")]
    [InlineData("I am angry", "I am extremely angry")]
    [InlineData("this is ridiculous", "this is absolutely ridiculous")]
    [InlineData("that was helpful", "that was incredibly helpful")]
    [InlineData("I'm disappointed", "I'm deeply disappointed")]
    [InlineData("the service is bad", "the service is totally bad")]
    [InlineData("this is useless", "this is fucking useless")]
    [InlineData("I am not happy", "I am really not happy")]
    [InlineData("I am angry", "I am very very angry")]
    public void Intensifiers_make_the_score_stronger(string plain, string intensified)
    {
        AssertStronger(Read(plain).Score, Read(intensified).Score, plain, intensified);
    }

    [Theory]
    [InlineData("I'm disappointed", "I'm a bit disappointed")]
    [InlineData("I'm annoyed", "I'm slightly annoyed")]
    [InlineData("I'm happy", "I'm kind of happy")]
    [InlineData("that's frustrating", "that's a little frustrating")]
    [InlineData("I am not happy", "I am not very happy")]
    public void Diminishers_make_the_score_weaker(string plain, string diminished)
    {
        AssertStronger(Read(diminished).Score, Read(plain).Score, diminished, plain);
    }

    [Theory]
    [InlineData("this is ridiculous", "THIS IS RIDICULOUS")]
    [InlineData("this is ridiculous", "this is RIDICULOUS")]
    [InlineData("this is ridiculous", "this is ridiculous!")]
    [InlineData("this is ridiculous!", "this is ridiculous!!!")]
    [InlineData("I'm fed up", "I'M FED UP")]
    [InlineData("thank you", "THANK YOU!!")]
    [InlineData("where is my refund, this is terrible", "where is my refund??? this is terrible")]
    [InlineData("I hate this", "I HATE this")]
    public void Capitals_and_exclamation_marks_make_the_score_stronger(string plain, string shouted)
    {
        AssertStronger(Read(plain).Score, Read(shouted).Score, plain, shouted);
    }

    [Theory]
    [InlineData("this is ridiculous")]
    [InlineData("I still haven't received my order")]
    [InlineData("I'm not happy with this")]
    [InlineData("I want to make a complaint")]
    [InlineData("the item is broken")]
    public void Repeated_complaints_push_the_score_further_down(string text)
    {
        var first = Read(text, previousComplaints: 0).Score;
        var second = Read(text, previousComplaints: 1).Score;
        var third = Read(text, previousComplaints: 2).Score;

        Assert.True(first < 0, $"'{text}' scored {first}");
        Assert.True(second < first, $"{second} should be below {first}");
        Assert.True(third < second, $"{third} should be below {second}");
        Assert.True(third >= -1);
    }

    [Fact]
    public void Repeated_complaints_lower_even_a_politely_worded_complaint()
    {
        const string polite = "you have been great and very helpful, I just have one complaint";
        var first = Read(polite, previousComplaints: 0);
        var again = Read(polite, previousComplaints: 2);

        Assert.True(first.IsComplaint);
        Assert.True(again.Score < first.Score, $"{again.Score} should be below {first.Score}");
    }

    [Theory]
    [InlineData("thank you, that's great")]
    [InlineData("where is my order A1001")]
    public void Earlier_complaints_do_not_change_a_turn_that_is_not_a_complaint(string text)
    {
        Assert.Equal(Read(text, 0).Score, Read(text, 3).Score);
    }

    [Theory]
    [InlineData("I will talk to my lawyer", "lawyer")]
    [InlineData("my lawyers will hear about this", "lawyer")]
    [InlineData("I'm contacting an attorney", "attorney")]
    [InlineData("I'm going to sue you", "sue")]
    [InlineData("I'll be suing your company", "sue")]
    [InlineData("I will SUE", "sue")]
    [InlineData("there will be a lawsuit", "lawsuit")]
    [InlineData("we are considering legal action", "lawsuit")]
    [InlineData("this is fraud", "fraud")]
    [InlineData("that's a fraudulent charge", "fraud")]
    [InlineData("this is a scam", "scam")]
    [InlineData("you scammed me", "scam")]
    [InlineData("I'm calling the police", "police")]
    [InlineData("I will report you", "report you")]
    [InlineData("I'm filing a chargeback", "chargeback")]
    [InlineData("I'll open a dispute with my bank", "dispute with my bank")]
    [InlineData("I'm going to dispute the charge", "dispute with my bank")]
    [InlineData("I'm writing to the Better Business Bureau", "better business bureau")]
    [InlineData("expect a BBB complaint", "better business bureau")]
    [InlineData("don't make me call the police", "police")]
    [InlineData("don't make me sue you", "sue")]
    [InlineData("Thank you, but if this isn't fixed I'll call my lawyer", "lawyer")]
    public void Urgent_terms_make_the_turn_urgent(string text, string canonical)
    {
        var reading = Read(text);

        Assert.True(reading.Urgent, $"'{text}' was not urgent");
        Assert.Contains(canonical, reading.UrgentTerms);
    }

    [Fact]
    public void Several_urgent_terms_are_each_listed_once_in_order()
    {
        var reading = Read("This is a scam, a total scam. I will sue you and call the police, my lawyer agrees it's a scam.");

        Assert.True(reading.Urgent);
        Assert.Equal(["scam", "sue", "police", "lawyer"], reading.UrgentTerms);
    }

    [Theory]
    [InlineData("Sue helped me last time")]
    [InlineData("this is not a scam, right?")]
    [InlineData("I won't sue")]
    [InlineData("what is your return policy")]
    [InlineData("please send me the report")]
    [InlineData("my bank card was charged twice")]
    [InlineData("I need a receipt for my accountant")]
    public void Ordinary_or_negated_mentions_are_not_urgent(string text)
    {
        var reading = Read(text);

        Assert.False(reading.Urgent, $"'{text}' was urgent: {string.Join(", ", reading.UrgentTerms)}");
        Assert.Empty(reading.UrgentTerms);
    }

    [Theory]
    [InlineData("thanks, but it is still broken")]
    [InlineData("the agent was nice but the product is useless")]
    [InlineData("I appreciate it, however I'm still disappointed")]
    public void After_but_the_second_clause_decides(string text)
    {
        Assert.True(Read(text).Score < 0, $"'{text}' scored {Read(text).Score}");
    }

    [Theory]
    [InlineData("it was broken but you fixed it, thanks a lot")]
    [InlineData("I was annoyed at first but now I'm happy")]
    public void After_but_a_positive_second_clause_wins(string text)
    {
        Assert.True(Read(text).Score > 0, $"'{text}' scored {Read(text).Score}");
    }

    [Fact]
    public void Negation_does_not_reach_across_punctuation()
    {
        Assert.True(Read("No, I'm happy now").Score > 0);
        Assert.True(Read("I'm not angry, just disappointed").Score < 0);
    }

    private static void AssertStronger(double weaker, double stronger, string weakerText, string strongerText)
    {
        Assert.True(weaker != 0, $"'{weakerText}' scored 0");
        Assert.True(Math.Sign(weaker) == Math.Sign(stronger), $"'{weakerText}' ({weaker}) and '{strongerText}' ({stronger}) differ in sign");
        Assert.True(Math.Abs(stronger) > Math.Abs(weaker), $"'{strongerText}' ({stronger}) should be stronger than '{weakerText}' ({weaker})");
    }
}
