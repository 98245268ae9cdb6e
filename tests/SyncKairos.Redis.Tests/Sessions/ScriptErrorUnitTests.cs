using SyncKairos.Grains.Abstractions;
using SyncKairos.Redis.Sessions;

namespace SyncKairos.Redis.Tests.Sessions;

public sealed class ScriptErrorUnitTests
{
    [Theory]
    [InlineData("SESSION_NOT_FOUND Session x not found")]
    [InlineData("ERR SESSION_NOT_FOUND Session x not found")]
    public void Parses_our_codes_with_or_without_Garnets_ERR_prefix(string text)
    {
        Assert.True(ScriptError.TryParse(text, out var error));
        Assert.Equal(ErrorCodes.SESSION_NOT_FOUND, error.Code);
        Assert.Equal("Session x not found", error.Message);
        Assert.Equal(404, error.HttpStatus);
    }

    [Fact]
    public void Validation_errors_carry_their_field()
    {
        Assert.True(ScriptError.TryParse("VALIDATION_ERROR next_participant_id: Participant p not found in session", out var error));
        Assert.Equal("Request validation failed", error.Message);
        Assert.Equal(new FieldError("next_participant_id", "Participant p not found in session", FieldErrorCodes.Custom), Assert.Single(error.Details!));
    }

    [Theory]
    [InlineData("ERR wrong number of arguments")]
    [InlineData("NOSCRIPT No matching script")]
    [InlineData("ERR Error running script: attempt to index a nil value")]
    [InlineData("")]
    [InlineData("SESSION_NOT_FOUND")]
    public void Other_errors_are_not_ours(string text) => Assert.False(ScriptError.TryParse(text, out _));
}
