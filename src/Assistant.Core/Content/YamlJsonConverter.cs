using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Assistant.Core.Content;

/// <summary>
/// A YAML document converted to JSON, with the YAML line (1-based) of every node, keyed by JSON pointer
/// (<c>""</c> for the root, <c>"/entries/3/bg/questions"</c> for a member).
/// For a mapping member the line is the line of its key, so an error about a nested mapping points at <c>bg:</c>
/// rather than at the first line inside it; for a sequence item it is the line of the item.
/// </summary>
public sealed class YamlJsonDocument(string file, JsonNode? root, IReadOnlyDictionary<string, long> lines)
{
    /// <summary>The file name used in error messages.</summary>
    public string File { get; } = file;

    public JsonNode? Root { get; } = root;

    public IReadOnlyDictionary<string, long> Lines { get; } = lines;

    /// <summary>The line of the node at <paramref name="location"/>, or of its nearest ancestor that has one; 1 if none has.</summary>
    public long LineOf(string location)
    {
        while (true)
        {
            if (Lines.TryGetValue(location, out var line))
            {
                return line;
            }

            if (location.Length == 0)
            {
                return 1;
            }

            location = location[..location.LastIndexOf('/')];
        }
    }
}

/// <summary>
/// Converts a YamlDotNet representation-model document to a <see cref="JsonNode"/> so it can be checked against a JSON Schema.
/// Scalars: a plain (unquoted, untagged) scalar that reads as an integer, <c>true</c>/<c>false</c> or null (<c>null</c>, <c>~</c>, empty)
/// becomes that JSON type; everything else, including quoted scalars, floats and dates, stays a string.
/// Duplicate mapping keys are rejected.
/// </summary>
public static class YamlJsonConverter
{
    /// <summary>Content files are small (the largest is under 100 KB); a larger one is refused before it is parsed.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>How deep lists and mappings may nest.</summary>
    public const int MaxDepth = 64;

    /// <summary>How many values a file may hold once aliases are expanded: an alias bomb stops here, not at 2 GB.</summary>
    public const int MaxNodes = 200_000;

    /// <summary>Parses a YAML file (one document) and converts it; syntax errors become a <see cref="ContentException"/> naming the line.</summary>
    public static YamlJsonDocument LoadFile(string path) => Load(Path.GetFileName(path), File.ReadAllBytes(path));

    /// <summary>Parses YAML text given as bytes (UTF-8, a BOM is honoured) and converts it.</summary>
    public static YamlJsonDocument Load(string file, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length > MaxFileBytes)
        {
            throw new ContentException(file, 1, "(file)", $"the file is larger than {MaxFileBytes / 1024} KB; content files are small, is this the right file?");
        }

        using var reader = new StreamReader(new MemoryStream(content, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var parser = new LineTrackingParser(new Parser(reader), file);
        var stream = new YamlStream();
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            throw new ContentException(file, e.Start.Line, "(syntax)", e.Message);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this instead of a YamlException for some input cut off at the end,
            // such as an unclosed [ or {; the last event read is the best line we have.
            throw new ContentException(file, parser.LastLine, "(syntax)", "unexpected end of the file (is a [, { or quote not closed?): " + e.Message);
        }

        return Convert(stream, file);
    }

    /// <summary>Converts the single document of <paramref name="stream"/>; an empty stream gives a null root.</summary>
    public static YamlJsonDocument Convert(YamlStream stream, string file)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.Documents.Count > 1)
        {
            throw new ContentException(file, stream.Documents[1].RootNode.Start.Line, "(root)", "expected one YAML document, found " + stream.Documents.Count);
        }

        var lines = new Dictionary<string, long>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0)
        {
            lines[""] = 1;
            return new YamlJsonDocument(file, null, lines);
        }

        var rootNode = stream.Documents[0].RootNode;
        var converter = new Walker(file, lines);
        var root = converter.Convert(rootNode, "", rootNode.Start.Line);
        return new YamlJsonDocument(file, root, lines);
    }

    /// <summary>Escapes one JSON-pointer segment (RFC 6901: <c>~</c> → <c>~0</c>, <c>/</c> → <c>~1</c>).</summary>
    public static string EscapePointerSegment(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
    }

    private sealed class Walker(string file, Dictionary<string, long> lines)
    {
        // Aliases make the representation model a graph; a node that contains itself would never end.
        private readonly HashSet<YamlNode> _open = new(ReferenceEqualityComparer.Instance);
        private int _nodes;

        public JsonNode? Convert(YamlNode node, string pointer, long line)
        {
            if (++_nodes > MaxNodes)
            {
                throw new ContentException(file, line, Readable(pointer),
                    $"more than {MaxNodes:N0} values once aliases (*name) are expanded; use fewer aliases");
            }

            lines[pointer] = line;
            if (!_open.Add(node))
            {
                throw new ContentException(file, node.Start.Line, Readable(pointer), "an alias refers to a node that contains it");
            }

            try
            {
                return node switch
                {
                    YamlScalarNode scalar => ConvertScalar(scalar),
                    YamlSequenceNode sequence => ConvertSequence(sequence, pointer),
                    YamlMappingNode mapping => ConvertMapping(mapping, pointer),
                    _ => throw new ContentException(file, node.Start.Line, Readable(pointer), "unsupported YAML node " + node.NodeType),
                };
            }
            finally
            {
                _open.Remove(node);
            }
        }

        private JsonArray ConvertSequence(YamlSequenceNode sequence, string pointer)
        {
            var array = new JsonArray();
            var index = 0;
            foreach (var item in sequence.Children)
            {
                array.Add(Convert(item, pointer + "/" + index.ToString(CultureInfo.InvariantCulture), item.Start.Line));
                index++;
            }

            return array;
        }

        private JsonObject ConvertMapping(YamlMappingNode mapping, string pointer)
        {
            var obj = new JsonObject();
            foreach (var (keyNode, valueNode) in mapping.Children)
            {
                if (keyNode is not YamlScalarNode keyScalar)
                {
                    throw new ContentException(file, keyNode.Start.Line, Readable(pointer), "a mapping key must be a plain value, not a list or a mapping");
                }

                var key = keyScalar.Value ?? "";
                var childPointer = pointer + "/" + EscapePointerSegment(key);
                if (obj.ContainsKey(key))
                {
                    throw new ContentException(file, keyNode.Start.Line, Readable(childPointer), $"duplicate key \"{key}\" (first on line {lines[childPointer]})");
                }

                obj[key] = Convert(valueNode, childPointer, keyNode.Start.Line);
            }

            return obj;
        }

        private static JsonValue? ConvertScalar(YamlScalarNode scalar)
        {
            var value = scalar.Value ?? "";
            if (scalar.Style != ScalarStyle.Plain || !scalar.Tag.IsEmpty)
            {
                return JsonValue.Create(value);
            }

            switch (value)
            {
                case "" or "~" or "null" or "Null" or "NULL":
                    return null;
                case "true" or "True" or "TRUE":
                    return JsonValue.Create(true);
                case "false" or "False" or "FALSE":
                    return JsonValue.Create(false);
            }

            if (IsInteger(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                return JsonValue.Create(number);
            }

            return JsonValue.Create(value);
        }

        // YAML 1.2 core schema decimal integer: [-+]?[0-9]+
        private static bool IsInteger(string value)
        {
            var digits = value.AsSpan(value[0] is '-' or '+' ? 1 : 0);
            return digits.Length > 0 && !digits.ContainsAnyExceptInRange('0', '9');
        }
    }

    /// <summary>Turns <c>/entries/3/bg/questions</c> into <c>entries[3].bg.questions</c>; the root is <c>(root)</c>.</summary>
    public static string Readable(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Length == 0)
        {
            return "(root)";
        }

        var builder = new StringBuilder();
        foreach (var raw in location[1..].Split('/'))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (segment.Length > 0 && !segment.AsSpan().ContainsAnyExceptInRange('0', '9'))
            {
                builder.Append('[').Append(segment).Append(']');
            }
            else if (segment.Length == 0 || segment.AsSpan().IndexOfAny(". []\"") >= 0)
            {
                builder.Append("[\"").Append(segment.Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"]");
            }
            else
            {
                if (builder.Length > 0)
                {
                    builder.Append('.');
                }

                builder.Append(segment);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Remembers the line of the last event read, for errors YamlDotNet reports without a position, and refuses nesting
    /// deeper than <see cref="MaxDepth"/> before the document is built (deep nesting would exhaust the stack).
    /// </summary>
    private sealed class LineTrackingParser(IParser inner, string file) : IParser
    {
        private int _depth;

        public long LastLine { get; private set; } = 1;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (inner.Current is { } current)
            {
                LastLine = current.End.Line;
                _depth += current.NestingIncrease;
                if (_depth > MaxDepth)
                {
                    throw new ContentException(file, current.Start.Line, "(structure)", $"lists and mappings nest deeper than {MaxDepth} levels");
                }
            }

            return moved;
        }
    }
}
