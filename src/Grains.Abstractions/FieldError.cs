namespace SyncKairos.Grains.Abstractions;

/// <summary>One entry of a VALIDATION_ERROR's details: the field as a dot path, e.g. <c>participants.0.total_time_ms</c>.</summary>
[GenerateSerializer]
[Immutable]
[Alias("synckairos.FieldError")]
public sealed record FieldError([property: Id(0)] string Field, [property: Id(1)] string Message, [property: Id(2)] string Code);
