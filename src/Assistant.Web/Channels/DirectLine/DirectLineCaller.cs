namespace Assistant.Web.Channels.DirectLine;

/// <summary>Who is calling a Direct Line endpoint: the secret holder (any conversation) or a token's conversation and user.</summary>
public sealed record DirectLineCaller(bool IsSecret, string? ConversationId, string? UserId)
{
    public bool MayAccess(string conversationId) => IsSecret || ConversationId == conversationId;

    /// <summary>Reads <c>Authorization: Bearer …</c>; returns the caller, or the error to answer with.</summary>
    public static async Task<(DirectLineCaller? Caller, IResult? Error)> FromRequestAsync(HttpRequest request, DirectLineTokens tokens)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return (null, DirectLineError.Unauthorized("An Authorization header with a Bearer token or secret is required."));
        }

        var credential = header[7..].Trim();
        if (tokens.IsSecret(credential))
        {
            return (new DirectLineCaller(true, null, null), null);
        }

        var check = await tokens.ValidateTokenAsync(credential);
        return check.Status switch
        {
            TokenStatus.Valid => (new DirectLineCaller(false, check.ConversationId, check.UserId), null),
            TokenStatus.Expired => (null, DirectLineError.TokenExpired()),
            _ => (null, DirectLineError.Forbidden("The token is not valid.")),
        };
    }
}
