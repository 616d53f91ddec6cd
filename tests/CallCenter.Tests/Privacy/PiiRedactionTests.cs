using CallCenter.Privacy;

namespace CallCenter.Tests.Privacy;

/// <summary>
/// What is masked and what is not, in English and Chinese, as a caller types or a recognizer writes it. The test
/// numbers are the card networks' published test numbers and ID numbers built with the standard's check digit.
/// </summary>
public sealed class PiiRedactionTests
{
    [Theory]
    [InlineData("my card is 4111 1111 1111 1111", "my card is [CARD ****1111]")]
    [InlineData("4111-1111-1111-1111, thanks", "[CARD ****1111], thanks")]
    [InlineData("card 4111111111111111", "card [CARD ****1111]")]
    [InlineData("amex 3782 822463 10005", "amex [CARD ****0005]")]
    [InlineData("mastercard 5555555555554444", "mastercard [CARD ****4444]")]
    [InlineData("an old visa 4222222222222", "an old visa [CARD ****2222]")]
    [InlineData("unionpay 6212345678901234569", "unionpay [CARD ****4569]")]
    [InlineData("four one one one one one one one one one one one one one one one", "[CARD ****1111]")]
    [InlineData("卡号４１１１　１１１１　１１１１　１１１１", "卡号[CARD ****1111]")]
    [InlineData("我的卡号是6212345678901234569", "我的卡号是[CARD ****4569]")]
    public void Card_numbers_that_pass_the_Luhn_check_are_masked_to_their_last_four(string text, string masked) =>
        Assert.Equal(masked, PiiPlaceholders.Mask(text));

    [Theory]
    [InlineData("not a card 4111 1111 1111 1112")]
    [InlineData("order A1001 please")]
    [InlineData("it's a 1 0 0 1")]
    [InlineData("订单一零零一")]
    [InlineData("tracking 1Z999AA10123456784 and 9400111899223197428490")]
    [InlineData("运单号 SF1234567890123，京东 JD0098765432，FedEx 612999AA10NEW")]
    [InlineData("your RMA number is RMA-A1002-7F3K")]
    [InlineData("the card ending in 9012")]
    public void Order_tracking_and_other_business_numbers_stay(string text) => Assert.Equal(text, PiiPlaceholders.Mask(text));

    [Theory]
    [InlineData("SSN 123-45-6789", "SSN [SSN]")]
    [InlineData("it's 123 45 6789", "it's [SSN]")]
    [InlineData("my SSN is 123456789", "my SSN is [SSN]")]
    [InlineData("social security number one two three four five six seven eight nine", "social security number [SSN]")]
    [InlineData("the last four of my social are 6789", "the last four of my social are [SSN]")]
    public void Social_security_numbers_are_masked_whole(string text, string masked) => Assert.Equal(masked, PiiPlaceholders.Mask(text));

    [Theory]
    [InlineData("000-12-3456")]
    [InlineData("666-12-3456")]
    [InlineData("123-00-4567")]
    [InlineData("the code is 123456789")]
    public void Nine_digits_that_cannot_be_an_SSN_or_have_no_SSN_nearby_stay(string text) => Assert.Equal(text, PiiPlaceholders.Mask(text));

    [Theory]
    [InlineData("身份证号11010519491231002X", "身份证号[ID]")]
    [InlineData("身份证：11010519491231002x。", "身份证：[ID]。")]
    [InlineData("id 310115198506150049", "id [ID]")]
    [InlineData("老身份证110105491231002", "老身份证[ID]")]
    [InlineData("身份证号１１０１０５１９４９１２３１００２Ｘ", "身份证号[ID]")]
    public void China_resident_ID_numbers_with_a_valid_check_digit_or_legacy_form_are_masked(string text, string masked) =>
        Assert.Equal(masked, PiiPlaceholders.Mask(text));

    [Theory]
    [InlineData("110105194912310021")] // wrong check digit
    [InlineData("110105199913310020")] // no 31st of the 13th month
    public void Eighteen_digits_that_fail_the_ID_check_stay(string text) => Assert.Equal(text, PiiPlaceholders.Mask(text));

    [Theory]
    [InlineData("(415) 555-2671", "[PHONE ****2671]")]
    [InlineData("415-555-2671", "[PHONE ****2671]")]
    [InlineData("415.555.2671", "[PHONE ****2671]")]
    [InlineData("call 4155552671", "call [PHONE ****2671]")]
    [InlineData("+1 415 555 2671", "[PHONE ****2671]")]
    [InlineData("1-415-555-2671", "[PHONE ****2671]")]
    [InlineData("+44 20 7946 0958", "[PHONE ****0958]")]
    [InlineData("my number is +15550101", "my number is [PHONE ****0101]")]
    [InlineData("my number is 555-0101", "my number is [PHONE]")]
    [InlineData("call me at 5550101", "call me at [PHONE]")]
    [InlineData("five five five zero one zero one", "[PHONE]")]
    [InlineData("double five five oh one oh one", "[PHONE]")]
    [InlineData("GET /customers?phone=%2B15550101 failed", "GET /customers?phone=[PHONE ****0101] failed")]
    public void Phone_numbers_in_the_ways_callers_give_them_are_masked(string text, string masked) => Assert.Equal(masked, PiiPlaceholders.Mask(text));

    [Theory]
    [InlineData("我的手机号是13800000001", "我的手机号是[PHONE ****0001]")]
    [InlineData("手机：138 0000 0001", "手机：[PHONE ****0001]")]
    [InlineData("138-0000-0001", "[PHONE ****0001]")]
    [InlineData("+86 138 0000 0001", "[PHONE ****0001]")]
    [InlineData("８６１３８００００００01", "[PHONE ****0001]")]
    [InlineData("电话１３８００００００01", "电话[PHONE ****0001]")]
    [InlineData("一三八零零零零零零零一", "[PHONE ****0001]")]
    [InlineData("座机010-12345678", "座机[PHONE ****5678]")]
    public void Chinese_mobile_and_landline_numbers_are_masked_in_any_digits(string text, string masked) => Assert.Equal(masked, PiiPlaceholders.Mask(text));

    [Theory]
    [InlineData("alice.chen@example.com", "[EMAIL]")]
    [InlineData("mail WANG.FANG@EXAMPLE.CN today", "mail [EMAIL] today")]
    [InlineData("邮箱bob＠example.com", "邮箱[EMAIL]")]
    [InlineData("it's bob dot m at example dot com", "it's [EMAIL]")]
    public void Email_addresses_written_or_spoken_are_masked(string text, string masked) => Assert.Equal(masked, PiiPlaceholders.Mask(text));

    [Theory]
    [InlineData("I live at 123 Main Street", "I live at [ADDRESS]")]
    [InlineData("send it to 123 Main St, Springfield, IL 62704 please", "send it to [ADDRESS] please")]
    [InlineData("42 Wallaby Way Apt 3B", "[ADDRESS]")]
    [InlineData("ship it to 1600 pennsylvania avenue", "ship it to [ADDRESS]")]
    [InlineData("my address is 221B Baker Street", "my address is [ADDRESS]")]
    [InlineData("PO Box 123", "[ADDRESS]")]
    [InlineData("我住在北京市朝阳区建国路88号", "我住在[ADDRESS]")]
    [InlineData("广东省深圳市南山区科技园路１号２栋３０１室", "[ADDRESS]")]
    [InlineData("上海市浦东新区世纪大道100号", "[ADDRESS]")]
    [InlineData("寄到杭州市西湖区文三路", "寄到[ADDRESS]")]
    [InlineData("我的地址是成都市武侯区人民南路四段27号", "我的地址是[ADDRESS]")]
    [InlineData("请寄到上海市黄浦区南京东路100号5楼，谢谢", "请寄到[ADDRESS]，谢谢")]
    public void Street_addresses_in_English_and_Chinese_are_masked(string text, string masked) => Assert.Equal(masked, PiiPlaceholders.Mask(text));

    [Theory]
    [InlineData("I need 2 hard drive cables")]
    [InlineData("order 1001 is on the way")]
    [InlineData("2 Way radio")]
    [InlineData("一路顺风")]
    [InlineData("有什么区别")]
    [InlineData("我在路上")]
    [InlineData("北京市朝阳区")]
    [InlineData("born 1986-03-14, postcode 94110")]
    [InlineData("M5V 3L9 and 200031")]
    [InlineData("2026-11-27, $129.00, 5 to 7 business days, 1,234,567.89")]
    [InlineData("one more thing, I have one order")]
    [InlineData("the call took 1234567 ms")]
    [InlineData("Order A1001 (AeroBuds Pro wireless earbuds) has shipped with UPS, tracking number 1Z999AA10123456784. It's expected to arrive on November 27.")]
    [InlineData("订单 A1005（Kinetic S2 智能手表）已由SF Express发出，运单号 SF1234567890123。预计11月26日送达。")]
    [InlineData("2026-11-25T12:03:10.52+00:00 call ac8509daf1c74f118d0e2f528b11f3c5 took 1500 ms")]
    public void Everyday_text_dates_prices_postcodes_and_replies_stay(string text) => Assert.Equal(text, PiiPlaceholders.Mask(text));

    [Fact]
    public void Several_kinds_in_one_sentence_are_each_masked()
    {
        Assert.Equal("我的身份证号码是[ID]，电话[PHONE ****0001]，邮箱[EMAIL]",
            PiiPlaceholders.Mask("我的身份证号码是11010519491231002X，电话13800000001，邮箱wang.fang@example.cn"));
        Assert.Equal("order 1001 [PHONE] and card [CARD ****1111]", PiiPlaceholders.Mask("order 1001 555-0101 and card 4111 1111 1111 1111"));
    }

    [Fact]
    public void A_number_the_understanding_took_for_a_phone_is_masked_whatever_its_form()
    {
        Assert.Equal("it is 5550101", PiiPlaceholders.Mask("it is 5550101"));
        Assert.Equal("it is [PHONE]", PiiPlaceholders.Mask("it is 5550101", knownPhones: ["5550101"]));
    }

    [Fact]
    public void Detection_reports_the_value_tools_need()
    {
        var spans = PiiDetector.Find("card 4111-1111-1111-1111, phone +1 (415) 555-2671, mail Bob.M@Example.com, 身份证11010519491231002x");

        Assert.Equal(
            [(PiiKind.Card, "4111111111111111"), (PiiKind.Phone, "+14155552671"), (PiiKind.Email, "bob.m@example.com"), (PiiKind.NationalId, "11010519491231002X")],
            spans.Select(s => (s.Kind, s.Value)));
    }

    [Fact]
    public void Long_and_hostile_text_is_read_in_one_pass_and_left_alone()
    {
        // Worst cases for a backtracking matcher, a whole message (4 KiB) each: long digit runs, repeated near-addresses
        // and near-e-mails. None is personal data; each comes back as it was (and quickly: no quadratic path).
        string[] texts =
        [
            new string('7', 4096), string.Join(" ", Enumerable.Repeat("1", 2048)), string.Concat(Enumerable.Repeat("12 Main Main Main ", 230)),
            string.Concat(Enumerable.Repeat("北京市朝阳区建国", 500)), string.Concat(Enumerable.Repeat("a dot b at ", 370)), string.Concat(Enumerable.Repeat("a.", 2048)) + "@",
        ];
        foreach (var text in texts)
        {
            Assert.Equal(text, PiiPlaceholders.Mask(text));
        }
    }
}
