namespace Assistant.Core.Surveys.Invitations;

/// <summary>
/// The server's record behind an invitation code: which survey it opens, which campaign the responses count for, and
/// the limits staff set. The code itself carries only <see cref="Id"/> and its signature (<see cref="InvitationCodes"/>).
/// </summary>
/// <param name="Id">Random, URL-safe; signed into the code.</param>
/// <param name="ExpiresAt">After this instant the code no longer opens the survey; null: never expires.</param>
/// <param name="MaxUses">How many times the code may be opened; null: no limit.</param>
/// <param name="Opened">How many times it has been opened successfully.</param>
public sealed record Invitation(
    string Id,
    string SurveyId,
    string Campaign,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? ExpiresAt,
    int? MaxUses,
    int Opened = 0)
{
    /// <summary>Whether the invitation may be opened once more at <paramref name="now"/>.</summary>
    public InvitationOutcome Check(DateTimeOffset now) =>
        ExpiresAt is { } expires && now >= expires ? InvitationOutcome.Expired
        : MaxUses is { } max && Opened >= max ? InvitationOutcome.UsedUp
        : InvitationOutcome.Opened;
}

public enum InvitationOutcome
{
    Opened,

    /// <summary>The code's signature does not match (a typo, a changed character), or no such invitation is stored.</summary>
    Invalid,

    Expired,

    /// <summary>The use limit is reached.</summary>
    UsedUp,
}

/// <summary>The outcome of opening an invitation; <see cref="Invitation"/> is set when it was opened (counted).</summary>
public sealed record InvitationOpening(InvitationOutcome Outcome, Invitation? Invitation);

/// <summary>
/// Responses of one survey per campaign: how often its invitations were opened (null when the campaign has no
/// invitation, e.g. a plain deep link with a suffix), how many consented (a response was started) and completed.
/// </summary>
public sealed record CampaignCount(string Campaign, int? Opened, int Consented, int Completed);
