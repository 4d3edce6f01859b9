using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Pointer;
using Json.Schema;

namespace Assistant.Core.Content;

/// <summary>
/// Checks content converted from YAML (<see cref="YamlJsonDocument"/>) against a JSON Schema (draft 2020-12) with JsonSchema.Net,
/// and turns the first failure into a <see cref="ContentException"/> naming the file, the YAML line and the field.
/// </summary>
public sealed class SchemaValidator
{
    // Valid content is the common case: a pass/fail evaluation without annotations is the fast path,
    // and only a failing document is evaluated again for the list of errors.
    private static readonly EvaluationOptions Check = CreateOptions(OutputFormat.Flag);
    private static readonly EvaluationOptions Explain = CreateOptions(OutputFormat.List);

    private readonly JsonSchema _schema;
    private readonly JsonElement _schemaJson;

    private SchemaValidator(JsonSchema schema, JsonElement schemaJson)
    {
        _schema = schema;
        _schemaJson = schemaJson;
    }

    /// <summary>The schema file name, as named in errors about the schema itself.</summary>
    public string SchemaFile { get; private init; } = "";

    /// <summary>Reads and builds the schema; a missing or broken schema file is a <see cref="ContentException"/>.</summary>
    public static SchemaValidator FromFile(string schemaPath)
    {
        var name = Path.GetFileName(schemaPath);
        if (!File.Exists(schemaPath))
        {
            throw new ContentException(name, 0, "(file)", "not found in " + Path.GetDirectoryName(schemaPath));
        }

        JsonElement json;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(schemaPath));
            json = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ContentException(name, (e.LineNumber ?? -1) + 1, "(syntax)", e.Message);
        }

        try
        {
            // A registry of its own: the global one refuses a second schema with the same $id, which every reload would be.
            var schema = JsonSchema.Build(json, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
            return new SchemaValidator(schema, json) { SchemaFile = name };
        }
        catch (Exception e) when (e is JsonSchemaException or JsonException or ArgumentException or RefResolutionException)
        {
            throw new ContentException(name, 0, "(schema)", e.Message);
        }
    }

    /// <summary>Throws a <see cref="ContentException"/> for the first schema violation in <paramref name="document"/>.</summary>
    public void Validate(YamlJsonDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);

        // JsonSchema.Net 8 evaluates JsonElement, not JsonNode.
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (document.Root is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                document.Root.WriteTo(writer);
            }
        }

        using var instance = JsonDocument.Parse(buffer.WrittenMemory);
        if (_schema.Evaluate(instance.RootElement, Check).IsValid)
        {
            return;
        }

        var results = _schema.Evaluate(instance.RootElement, Explain);

        var errors = new List<Failure>();
        Collect(results, errors, document);
        if (errors.Count == 0)
        {
            // Cannot happen with a list output of a failed evaluation, but a content error must never go unnamed.
            throw new ContentException(document.File, 1, "(root)", "does not match " + SchemaFile);
        }

        // The first error in the file; on one line, the deepest field is the most specific.
        var first = errors
            .OrderBy(e => e.Line)
            .ThenByDescending(e => e.Depth)
            .First();
        var problem = first.Problem;
        if (errors.Count > 1)
        {
            problem += $" (and {errors.Count - 1} more schema error{(errors.Count == 2 ? "" : "s")} in this file)";
        }

        throw new ContentException(document.File, first.Line, YamlJsonConverter.Readable(first.Pointer), problem);
    }

    private void Collect(EvaluationResults node, List<Failure> errors, YamlJsonDocument document)
    {
        // The condition of an if/then/else failing is no error (it only chooses "else"), nor is what fails inside a "not"
        // (that is what "not" asks for); a "not" that fails is reported by its parent.
        var path = node.EvaluationPath.ToString();
        if (path.EndsWith("/if", StringComparison.Ordinal) || path.EndsWith("/not", StringComparison.Ordinal))
        {
            return;
        }

        if (!node.IsValid && node.Errors is { Count: > 0 })
        {
            var pointer = node.InstanceLocation.ToString();
            foreach (var (keyword, message) in node.Errors)
            {
                errors.Add(Describe(node, pointer, keyword, message, document));
            }
        }

        if (node.Details is { } details)
        {
            foreach (var child in details)
            {
                Collect(child, errors, document);
            }
        }
    }

    private Failure Describe(EvaluationResults node, string pointer, string keyword, string message, YamlJsonDocument document)
    {
        var line = document.LineOf(pointer);
        var depth = node.InstanceLocation.SegmentCount;
        var schema = SchemaAt(node);

        switch (keyword)
        {
            case "required" when schema?.TryGetProperty("required", out var required) == true && required.ValueKind == JsonValueKind.Array:
                // Name the missing member itself: "entries[2].en.answer" says more than "entries[2].en".
                var present = Resolve(document.Root, pointer) as JsonObject;
                var missing = required.EnumerateArray()
                    .Select(r => r.GetString() ?? "")
                    .Where(r => present is null || !present.ContainsKey(r))
                    .ToList();
                if (missing.Count == 1)
                {
                    return new Failure(pointer + "/" + YamlJsonConverter.EscapePointerSegment(missing[0]), line, depth + 1, "missing: " + message);
                }

                break;
            case "required" when System.Text.RegularExpressions.Regex.Match(message, "^Required properties \\[\"([^\"]+)\"\\] are not present") is { Success: true } one:
                // Inside if/then/else the schema of the node is not at hand; the message names the one missing member.
                return new Failure(pointer + "/" + YamlJsonConverter.EscapePointerSegment(one.Groups[1].Value), line, depth + 1, "missing: " + message);
            case "pattern" when schema?.TryGetProperty("pattern", out var pattern) == true:
                return new Failure(pointer, line, depth, $"{message} {pattern.GetString()}");
            case "enum" when schema?.TryGetProperty("enum", out var values) == true:
                return new Failure(pointer, line, depth, $"{message}: {values.GetRawText()}");
        }

        if (keyword.Length == 0 && node.EvaluationPath.ToString().EndsWith("/additionalProperties", StringComparison.Ordinal))
        {
            // The library reports an unknown member as the false schema failing on it.
            var name = pointer[(pointer.LastIndexOf('/') + 1)..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            return new Failure(pointer, line, depth, $"unknown property \"{name}\" is not allowed here ({message})");
        }

        return new Failure(pointer, line, depth, keyword.Length == 0 ? message : $"{message} ({keyword})");
    }

    private static EvaluationOptions CreateOptions(OutputFormat format)
    {
        var options = new EvaluationOptions
        {
            OutputFormat = format,
            // Error messages come from the library's resources; keep them English whatever the machine's culture.
            Culture = CultureInfo.InvariantCulture,
        };
        options.IgnoreAllAnnotations();
        return options;
    }

    /// <summary>The schema object that produced a result, for details such as the pattern; null when it cannot be found.</summary>
    private JsonElement? SchemaAt(EvaluationResults node)
    {
        var fragment = node.SchemaLocation?.Fragment;
        if (fragment is null || !fragment.StartsWith('#'))
        {
            return null;
        }

        var text = Uri.UnescapeDataString(fragment[1..]);
        if (!JsonPointer.TryParse(text, out var schemaPointer))
        {
            return null;
        }

        return schemaPointer.Evaluate(_schemaJson) is { ValueKind: JsonValueKind.Object } found ? found : null;
    }

    private static JsonNode? Resolve(JsonNode? root, string pointer)
    {
        return JsonPointer.TryParse(pointer, out var parsed) && parsed.TryEvaluate(root, out var found) ? found : null;
    }

    private sealed record Failure(string Pointer, long Line, int Depth, string Problem);
}
