namespace Assistant.Core.Surveys.Invitations;

/// <summary>Invitations to a survey and the per-campaign counts of the responses they brought.</summary>
public interface IInvitationStore
{
    Task CreateAsync(Invitation invitation, CancellationToken cancellationToken);

    Task<Invitation?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every invitation, newest first.</summary>
    Task<IReadOnlyList<Invitation>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Counts one opening when the invitation exists, has not expired and has uses left (checked and counted in one
    /// step, so two people racing for the last use cannot both get it).
    /// </summary>
    Task<InvitationOpening> OpenAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The survey's responses grouped by campaign (responses without one are left out), by campaign name.</summary>
    Task<IReadOnlyList<CampaignCount>> CountCampaignsAsync(string surveyId, CancellationToken cancellationToken);
}
