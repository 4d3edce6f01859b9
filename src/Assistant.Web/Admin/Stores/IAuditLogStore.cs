namespace Assistant.Web.Admin.Stores;

/// <summary>Who did what on the staff desk and when (erasures, account changes, exports, sign-ins). Append-only.</summary>
public interface IAuditLogStore
{
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(int offset, int max, CancellationToken cancellationToken);
}

/// <param name="Actor">The staff account name, or <c>cli</c> for the server's command line.</param>
/// <param name="Action">A dotted verb such as <c>participant.erase</c>.</param>
/// <param name="Subject">What the action was about (a participant key, a survey id, an account name).</param>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Subject, string? Details);
