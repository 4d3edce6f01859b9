using Assistant.Core.Surveys.Invitations;

namespace Assistant.Core.Tests.Surveys;

public sealed class InvitationCodesTests
{
    private readonly InvitationCodes _codes = new("test-participant-secret");

    [Fact]
    public void A_signed_code_verifies_to_its_id_and_fits_a_telegram_start_parameter()
    {
        for (var i = 0; i < 200; i++)
        {
            var id = InvitationCodes.NewId();
            var code = _codes.Sign(id);

            Assert.Equal(id, _codes.Verify(code));
            Assert.InRange(code.Length, 1, 64);
            Assert.Matches("^[A-Za-z0-9_-]+$", code);
        }
    }

    [Fact]
    public void Any_changed_character_breaks_the_code()
    {
        var code = _codes.Sign(InvitationCodes.NewId());
        for (var i = 0; i < code.Length; i++)
        {
            var tampered = code[..i] + (code[i] == 'A' ? 'B' : 'A') + code[(i + 1)..];
            Assert.Null(_codes.Verify(tampered));
        }
    }

    [Fact]
    public void A_code_signed_with_another_secret_is_refused()
    {
        var foreign = new InvitationCodes("another-secret").Sign(InvitationCodes.NewId());

        Assert.Null(_codes.Verify(foreign));
    }

    [Theory]
    [InlineData("")]
    [InlineData("e-government-participation")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]   // longer than Telegram allows
    [InlineData("AAAAAAAAAAAA+AAAAAAAAAAAAAAA")]                                         // a character outside base64url
    public void Text_that_is_not_a_code_of_this_server_is_refused(string text)
    {
        Assert.Null(_codes.Verify(text));
    }

    [Fact]
    public void Only_well_formed_ids_are_signed()
    {
        Assert.Throws<ArgumentException>(() => _codes.Sign("too-long-an-id-for-a-code-that-fits-telegram"));
        Assert.Throws<ArgumentException>(() => _codes.Sign("bad id chars"));
    }
}
