namespace Assistant.Core.Surveys;

/// <param name="Campaign">The campaign the response counts for (from an invitation or a deep-link suffix); null from the menu.</param>
public sealed record SurveyStartOptions(string SurveyId, string? Campaign = null);
