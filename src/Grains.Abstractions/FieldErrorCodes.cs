namespace SyncKairos.Grains.Abstractions;

/// <summary>The <c>code</c> values of <see cref="FieldError"/> (zod-style, like the reference service).</summary>
public static class FieldErrorCodes
{
    public const string Required = "invalid_type";
    public const string TooSmall = "too_small";
    public const string TooBig = "too_big";
    public const string InvalidUuid = "invalid_string";
    public const string InvalidString = "invalid_string";
    public const string InvalidEnum = "invalid_enum_value";
    public const string Custom = "custom";
}
