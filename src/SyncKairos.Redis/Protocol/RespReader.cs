using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;

namespace SyncKairos.Redis.Protocol;

/// <summary>
/// Incremental RESP2/RESP3 decoder over a <see cref="ReadOnlySequence{T}"/>. It never blocks and never
/// consumes a partial value: either one whole top-level value is decoded and the buffer advanced past it,
/// or nothing is consumed and the caller waits for more bytes. Malformed or out-of-bounds input throws
/// <see cref="RespProtocolException"/>; the connection is then unusable.
/// </summary>
public static class RespReader
{
    private const int MaxNumberLine = 64;

    public static bool TryRead(ref ReadOnlySequence<byte> buffer, [NotNullWhen(true)] out RespValue? value, RespReaderOptions? options = null)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!TryReadValue(ref reader, options ?? RespReaderOptions.Default, 0, out value))
        {
            value = null;
            return false;
        }

        buffer = buffer.Slice(reader.Position);
        return true;
    }

    private static bool TryReadValue(ref SequenceReader<byte> reader, RespReaderOptions options, int depth, [NotNullWhen(true)] out RespValue? value)
    {
        value = null;
        while (true)
        {
            if (!reader.TryRead(out var prefix))
            {
                return false;
            }

            switch (prefix)
            {
                case (byte)'+':
                case (byte)'-':
                    return TryReadLineValue(ref reader, options, (RespType)prefix, out value);
                case (byte)'(':
                    if (!TryReadLineValue(ref reader, options, RespType.BigNumber, out value))
                    {
                        return false;
                    }

                    ValidateBigNumber(value.Bytes.Span);
                    return true;
                case (byte)':':
                    if (!TryReadInteger(ref reader, options, out var integer))
                    {
                        return false;
                    }

                    value = RespValue.FromInteger(integer);
                    return true;
                case (byte)',':
                    return TryReadDouble(ref reader, options, out value);
                case (byte)'#':
                    return TryReadBoolean(ref reader, options, out value);
                case (byte)'_':
                    if (!TryReadLine(ref reader, options, out var nullLine))
                    {
                        return false;
                    }

                    if (nullLine.Length != 0)
                    {
                        throw new RespProtocolException("RESP3 null carries a payload.");
                    }

                    value = RespValue.NullValue;
                    return true;
                case (byte)'$':
                case (byte)'!':
                case (byte)'=':
                    return TryReadBulk(ref reader, options, (RespType)prefix, out value);
                case (byte)'*':
                case (byte)'~':
                case (byte)'%':
                case (byte)'>':
                    return TryReadAggregate(ref reader, options, (RespType)prefix, depth, out value);
                case (byte)'|':
                    // Attributes are metadata about the value that follows; we read and drop them.
                    if (!TryReadAggregate(ref reader, options, RespType.Map, depth, out _))
                    {
                        return false;
                    }

                    continue;
                default:
                    throw new RespProtocolException($"Unknown RESP type byte 0x{prefix:X2}.");
            }
        }
    }

    private static bool TryReadLine(ref SequenceReader<byte> reader, RespReaderOptions options, out ReadOnlySequence<byte> line)
    {
        if (!reader.TryReadTo(out line, (byte)'\r', advancePastDelimiter: true))
        {
            if (reader.Remaining > options.MaxLineLength)
            {
                throw new RespProtocolException($"RESP line longer than {options.MaxLineLength} bytes.");
            }

            return false;
        }

        if (line.Length > options.MaxLineLength)
        {
            throw new RespProtocolException($"RESP line longer than {options.MaxLineLength} bytes.");
        }

        if (!reader.TryRead(out var lf))
        {
            return false;
        }

        if (lf != (byte)'\n')
        {
            throw new RespProtocolException("RESP line not terminated by CRLF.");
        }

        return true;
    }

    private static bool TryReadLineValue(ref SequenceReader<byte> reader, RespReaderOptions options, RespType type, [NotNullWhen(true)] out RespValue? value)
    {
        value = null;
        if (!TryReadLine(ref reader, options, out var line))
        {
            return false;
        }

        var bytes = line.ToArray();
        if (Array.IndexOf(bytes, (byte)'\n') >= 0)
        {
            throw new RespProtocolException("RESP simple line contains LF.");
        }

        value = RespValue.FromBytes(type, bytes);
        return true;
    }

    private static bool TryReadNumberLine(ref SequenceReader<byte> reader, RespReaderOptions options, scoped Span<byte> scratch, out int length)
    {
        length = 0;
        if (!TryReadLine(ref reader, options, out var line))
        {
            return false;
        }

        if (line.Length == 0 || line.Length > scratch.Length)
        {
            throw new RespProtocolException("RESP number line is empty or too long.");
        }

        line.CopyTo(scratch);
        length = (int)line.Length;
        return true;
    }

    private static bool TryReadInteger(ref SequenceReader<byte> reader, RespReaderOptions options, out long result)
    {
        result = 0;
        Span<byte> scratch = stackalloc byte[MaxNumberLine];
        if (!TryReadNumberLine(ref reader, options, scratch, out var length))
        {
            return false;
        }

        result = ParseInteger(scratch[..length]);
        return true;
    }

    internal static long ParseInteger(ReadOnlySpan<byte> text)
    {
        // Utf8Parser accepts a leading '+' and trailing junk is reported via consumed; RESP allows neither.
        if (text.Length == 0 || text[0] == (byte)'+'
            || !Utf8Parser.TryParse(text, out long value, out var consumed) || consumed != text.Length)
        {
            throw new RespProtocolException("Malformed RESP integer.");
        }

        return value;
    }

    private static bool TryReadDouble(ref SequenceReader<byte> reader, RespReaderOptions options, [NotNullWhen(true)] out RespValue? value)
    {
        value = null;
        Span<byte> scratch = stackalloc byte[MaxNumberLine];
        if (!TryReadNumberLine(ref reader, options, scratch, out var length))
        {
            return false;
        }

        var text = scratch[..length];
        double number;
        if (text.SequenceEqual("inf"u8) || text.SequenceEqual("+inf"u8))
        {
            number = double.PositiveInfinity;
        }
        else if (text.SequenceEqual("-inf"u8))
        {
            number = double.NegativeInfinity;
        }
        else if (text.SequenceEqual("nan"u8) || text.SequenceEqual("-nan"u8))
        {
            number = double.NaN;
        }
        else if (!Utf8Parser.TryParse(text, out number, out var consumed) || consumed != text.Length)
        {
            throw new RespProtocolException("Malformed RESP double.");
        }

        value = RespValue.FromDouble(number);
        return true;
    }

    private static bool TryReadBoolean(ref SequenceReader<byte> reader, RespReaderOptions options, [NotNullWhen(true)] out RespValue? value)
    {
        value = null;
        if (!TryReadLine(ref reader, options, out var line))
        {
            return false;
        }

        if (line.Length != 1)
        {
            throw new RespProtocolException("Malformed RESP boolean.");
        }

        value = line.FirstSpan[0] switch
        {
            (byte)'t' => RespValue.FromBoolean(true),
            (byte)'f' => RespValue.FromBoolean(false),
            _ => throw new RespProtocolException("Malformed RESP boolean."),
        };
        return true;
    }

    private static bool TryReadLength(ref SequenceReader<byte> reader, RespReaderOptions options, out long length)
    {
        length = 0;
        Span<byte> scratch = stackalloc byte[MaxNumberLine];
        if (!TryReadNumberLine(ref reader, options, scratch, out var size))
        {
            return false;
        }

        length = ParseInteger(scratch[..size]);
        if (length < -1)
        {
            throw new RespProtocolException("Negative RESP length.");
        }

        return true;
    }

    private static bool TryReadBulk(ref SequenceReader<byte> reader, RespReaderOptions options, RespType type, [NotNullWhen(true)] out RespValue? value)
    {
        value = null;
        if (!TryReadLength(ref reader, options, out var length))
        {
            return false;
        }

        if (length == -1)
        {
            if (type != RespType.BulkString)
            {
                throw new RespProtocolException($"RESP {type} cannot be null.");
            }

            value = RespValue.NullValue;
            return true;
        }

        if (length > options.MaxBulkLength)
        {
            throw new RespProtocolException($"RESP bulk of {length} bytes exceeds the limit of {options.MaxBulkLength}.");
        }

        if (reader.Remaining < length + 2)
        {
            return false;
        }

        var bytes = new byte[length];
        reader.TryCopyTo(bytes);
        reader.Advance(length);
        reader.TryRead(out var cr);
        reader.TryRead(out var lf);
        if (cr != (byte)'\r' || lf != (byte)'\n')
        {
            throw new RespProtocolException("RESP bulk payload not terminated by CRLF.");
        }

        if (type == RespType.VerbatimString)
        {
            // "txt:" or "mkd:" format prefix, then the text.
            if (bytes.Length < 4 || bytes[3] != (byte)':')
            {
                throw new RespProtocolException("RESP verbatim string without format prefix.");
            }

            bytes = bytes[4..];
        }

        value = RespValue.FromBytes(type, bytes);
        return true;
    }

    private static bool TryReadAggregate(ref SequenceReader<byte> reader, RespReaderOptions options, RespType type, int depth, [NotNullWhen(true)] out RespValue? value)
    {
        value = null;
        if (depth >= options.MaxDepth)
        {
            throw new RespProtocolException($"RESP nesting deeper than {options.MaxDepth}.");
        }

        if (!TryReadLength(ref reader, options, out var count))
        {
            return false;
        }

        if (count == -1)
        {
            if (type != RespType.Array)
            {
                throw new RespProtocolException($"RESP {type} cannot be null.");
            }

            value = RespValue.NullValue;
            return true;
        }

        // Bound the count before doubling it for a map: a huge header must not overflow into a negative size.
        if (count > options.MaxAggregateLength)
        {
            throw new RespProtocolException($"RESP aggregate of {count} entries exceeds the limit of {options.MaxAggregateLength}.");
        }

        var elements = type == RespType.Map ? count * 2 : count;
        if (elements > options.MaxAggregateLength)
        {
            throw new RespProtocolException($"RESP aggregate of {elements} elements exceeds the limit of {options.MaxAggregateLength}.");
        }

        // Each element needs at least 3 bytes on the wire; refusing to preallocate more than that
        // keeps a lying header from costing memory before its elements arrive.
        if (reader.Remaining < elements * 3)
        {
            return false;
        }

        var items = new RespValue[elements];
        for (var i = 0; i < items.Length; i++)
        {
            if (!TryReadValue(ref reader, options, depth + 1, out var item))
            {
                return false;
            }

            items[i] = item;
        }

        value = RespValue.FromItems(type, items);
        return true;
    }

    private static void ValidateBigNumber(ReadOnlySpan<byte> digits)
    {
        var start = digits.Length > 0 && digits[0] is (byte)'-' or (byte)'+' ? 1 : 0;
        if (digits.Length == start)
        {
            throw new RespProtocolException("Malformed RESP big number.");
        }

        foreach (var b in digits[start..])
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                throw new RespProtocolException("Malformed RESP big number.");
            }
        }
    }
}
