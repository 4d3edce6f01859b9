using System.Text;

namespace Assistant.Web.Admin.Export;

/// <summary>
/// CSV cells (RFC 4180) made safe to open in a spreadsheet. Formula injection: a text cell that begins with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, TAB or CR (also after leading spaces) would be run as a formula by Excel or
/// LibreOffice, so it gets a leading apostrophe, which spreadsheets show as text and do not evaluate. Numbers the desk
/// formats itself (scales, NPS, number answers) are written as numbers and never changed.
/// </summary>
public static class CsvCell
{
    private static readonly char[] Triggers = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>A text cell: neutralised, then quoted when it holds the delimiter, a quote or a line break.</summary>
    public static string Text(string? value, char delimiter = ',') => Quote(Neutralise(value ?? ""), delimiter);

    /// <summary>A number the desk formatted (invariant culture); written as it is.</summary>
    public static string Number(string invariantNumber) => invariantNumber;

    public static string Neutralise(string value)
    {
        if (value.Length == 0)
        {
            return value;
        }

        if (Array.IndexOf(Triggers, value[0]) >= 0)
        {
            return "'" + value;
        }

        var trimmed = value.TrimStart(' ', '\u00A0', '\u3000');
        return trimmed.Length > 0 && trimmed.Length < value.Length && Array.IndexOf(Triggers, trimmed[0]) >= 0 ? "'" + value : value;
    }

    private static string Quote(string value, char delimiter)
    {
        if (value.IndexOfAny([delimiter, '"', '\n', '\r']) < 0)
        {
            return value;
        }

        var quoted = new StringBuilder(value.Length + 8).Append('"');
        foreach (var c in value)
        {
            quoted.Append(c == '"' ? "\"\"" : c.ToString());
        }

        return quoted.Append('"').ToString();
    }
}
