namespace SyncKairos.Grains.Abstractions;

/// <summary>One entry of a VALIDATION_ERROR's details: the field as a dot path, e.g. <c>participants.0.total_time_ms</c>.</summary>
public sealed record FieldError(string Field, string Message, string Code);
