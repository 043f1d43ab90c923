namespace StatementTracker.Api.Imports;

/// <summary>
/// RFC 4180: a line feed ends a record unless it is inside a quoted field. A quote opens a quoted field only at the start
/// of a field, as the field reader (<see cref="CsvFields"/>) sees it, so a stray quote in an unquoted field cannot
/// swallow the records after it.
/// </summary>
internal sealed class CsvBoundary : IRecordBoundary
{
    private enum State { FieldStart, Unquoted, Quoted, QuoteInQuoted }

    private State _state = State.FieldStart;

    public bool IsOpen => _state == State.Quoted;

    public void Reset() => _state = State.FieldStart;

    public int FindEnd(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            switch (_state)
            {
                case State.Quoted:
                    var quote = bytes[i..].IndexOf((byte)'"');
                    if (quote < 0) return -1;
                    i += quote;
                    _state = State.QuoteInQuoted;
                    break;
                case State.QuoteInQuoted when b == '"':
                    _state = State.Quoted; // "" is an escaped quote
                    break;
                case State.FieldStart when b == '"':
                    _state = State.Quoted;
                    break;
                default:
                    if (b == '\n') return i;
                    // After a closing quote anything but a comma is an error the field reader reports; for splitting it is plain text.
                    _state = b == ',' ? State.FieldStart : State.Unquoted;
                    break;
            }
        }
        return -1;
    }
}
