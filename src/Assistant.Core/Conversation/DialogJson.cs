using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Assistant.Core.Conversation;

/// <summary>
/// Serializer settings for persisted state: camelCase, typed classes only, text written as it is (Cyrillic is not
/// escaped to <c>\uXXXX</c>: a document is never embedded in a page or a script, and Bulgarian text takes a third of the
/// space). The conversation and user state documents use source-generated metadata (<see cref="DialogJsonContext"/>);
/// the dialogs' own state classes use reflection.
/// </summary>
public static class DialogJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.TypeInfoResolver = JsonTypeInfoResolver.Combine(DialogJsonContext.Default, new DefaultJsonTypeInfoResolver());
        options.MakeReadOnly();
        return options;
    }
}
