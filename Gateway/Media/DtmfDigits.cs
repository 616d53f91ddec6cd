namespace CallCenter.Gateway.Media;

/// <summary>
/// The sixteen DTMF keys (RFC 4733 events 0-15): 0-9, *, # and the rarely used A-D column. Every media protocol
/// carries a digit as one ASCII character, so the codecs share this one check.
/// </summary>
public static class DtmfDigits
{
    public const string All = "0123456789*#ABCD";

    public static bool IsValid(char digit) => digit is >= '0' and <= '9' or '*' or '#' or >= 'A' and <= 'D';

    public static bool IsValid(byte ascii) => ascii < 0x80 && IsValid((char)ascii);
}
